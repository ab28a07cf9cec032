"""The HR area: cohorts, enrolment (one by one or by CSV), invitations, progress reports
and exports, each scoped to the HR admin's own organisation."""
