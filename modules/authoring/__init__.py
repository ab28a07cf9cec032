"""Trainers' authoring of lessons: drafts, publishing, revisions, content files.

A trainer's edits go to a LessonDraft (the lesson's translated fields and blocks as
JSON); learners keep reading the live Lesson and Block rows until the trainer
publishes, which copies the draft into those rows in place by position, records a
LessonRevision (who, when, what) and bumps the content version. Learners' completions
are never touched. The views live in courses.authoring, which also shows quizzes.
"""
