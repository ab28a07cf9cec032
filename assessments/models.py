"""Quizzes, questions and attempts: built out with the quiz issue.

The app is installed from the start so that its migrations sit in their place in the
dependency order (courses -> assessments -> modules -> users).
"""
