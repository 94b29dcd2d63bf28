"""Fill in a Django admin change form as a browser would: every field of the
form and its inlines with what the page showed."""


def _value(bound_field):
    value = bound_field.value()
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if value is True:
        return "on"
    if value is False:
        return ""
    return value


def admin_form_data(response, **changes):
    context = response.context
    data = {}
    form = context["adminform"].form
    for name in form.fields:
        data[form.add_prefix(name)] = _value(form[name])
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = _value(management[name])
        for subform in formset.forms:
            for name in subform.fields:
                data[subform.add_prefix(name)] = _value(subform[name])
    data = {key: value for key, value in data.items() if value not in ("", [])}
    data.update(changes)
    return data
