"""`ktb ci`: detect the platform and event, run the steps, report to the platform."""
