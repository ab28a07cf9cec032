"""Trainers' authoring of quizzes: drafts, publishing and revisions, as for lessons
(modules.authoring). A quiz draft holds the quiz in the shape of its content file
(assessments.content_files), so the same parser checks a draft, an import and a
shipped file, and export writes exactly what it stores."""
