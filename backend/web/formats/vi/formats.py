# Vietnamese administrative usage: 05/12/2026, 2,90 điểm, 1.234 nhiệm vụ.
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "m/Y"
MONTH_DAY_FORMAT = "d/m"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
# No *_INPUT_FORMATS here: these modules also apply to the API (django-filter reads
# them), whose dates stay ISO. Page forms accept dd/mm/yyyy themselves (backend.web.forms).
