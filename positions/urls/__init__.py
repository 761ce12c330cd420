"""URL configurations of positions, included by ``unodc_mun/urls.py``:

- ``papers``: position papers under ``/c/<slug>/papers/`` (namespace ``positions``);
- ``resolutions``: draft resolutions and amendments under ``/c/<slug>/resolutions/``
  (namespace ``resolutions``).
"""
