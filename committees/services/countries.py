from committees.countries import country_rows


def sync_countries(country_model) -> int:
    """Create or update every shipped country. Takes the model so migrations can call it."""
    changed = 0
    for row in country_rows():
        values = {
            "name": row.name,
            "aliases": list(row.aliases),
            "un_status": row.un_status,
            "permanent_member": row.permanent_member,
        }
        obj, created = country_model.objects.get_or_create(iso3=row.iso3, defaults=values)
        if not created and any(getattr(obj, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(obj, key, value)
            obj.save()
            changed += 1
        changed += created
    return changed
