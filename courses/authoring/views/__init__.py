"""The trainer area's pages: thin views over modules.authoring and assessments.authoring."""
