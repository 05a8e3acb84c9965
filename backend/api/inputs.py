"""Reading request bodies in API views: validate with an input serializer, and resolve
references only inside what the caller may see."""


def valid_input(serializer_class, request, partial=False) -> dict:
    """The validated body as a dict of keyword arguments for a service (400 otherwise)."""
    serializer = serializer_class(data=request.data, partial=partial, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def limit_to_visible(serializer, selectors):
    """References resolve only inside the caller's agency: others do not exist for them.

    ``selectors`` maps a field name to a ``*_visible_to(user)``; with no caller (the
    schema generator), nothing resolves.
    """
    user = getattr(serializer.context.get("request"), "user", None)
    for name, field in serializer.fields.items():
        if name in selectors:
            target = getattr(field, "child_relation", field)
            target.queryset = selectors[name](user) if user is not None else target.queryset.none()
