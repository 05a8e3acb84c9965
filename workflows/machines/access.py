"""Who may act on what: the office/assignment checks the machines share."""


def same_agency(user, agency_id) -> bool:
    return user.is_authenticated and user.agency_id is not None and user.agency_id == agency_id


def is_department_head(user, agency_id) -> bool:
    return same_agency(user, agency_id) and user.is_head


def manages_office(user, agency_id, office_id) -> bool:
    """The department head, or the head of that very office."""
    return is_department_head(user, agency_id) or (
        same_agency(user, agency_id) and user.heads_office(office_id)
    )
