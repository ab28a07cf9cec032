"""Reminders that keep a cohort moving: which are due (``rules``), the sweep that records
and queues them (``planning``), sending each exactly once (``sending``), the emails
(``messages``), HR's manual nudge and the line managers' digest (``nudges``)."""
