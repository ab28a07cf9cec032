"""The trainers' area: the course's modules, lessons and quizzes with their status, and
the editors. Here, above modules and assessments, because one page shows both; the
authoring logic itself lives in modules.authoring and assessments.authoring."""
