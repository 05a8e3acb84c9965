# English pages for the same Vietnamese users: the day-first dates they read every day.
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "m/Y"
MONTH_DAY_FORMAT = "d/m"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
# No *_INPUT_FORMATS here: these modules also apply to the API (django-filter reads
# them), whose dates stay ISO. Page forms accept dd/mm/yyyy themselves (backend.web.forms).
