"""Routine-enquiry screening for people who may be causing domestic abuse."""
