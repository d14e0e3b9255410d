"""The pages of administrators: the users of the tool (views.py) and the audit log."""
