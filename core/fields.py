"""A JSON value kept compressed: an import's preview (10,000 rows are 2 MB of JSON) is written once and read
whole, never queried inside, so it is stored as zlib-compressed bytes rather than as PostgreSQL's jsonb, which
parses and re-encodes every byte on the way in, or as SQLite text ten times its compressed size."""

import json
import zlib

from django.db import models

LEVEL = 1  # the fastest: the preview is mostly repeated small values and compresses ~10× even so


class PackedJSONField(models.BinaryField):
    def get_prep_value(self, value):
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return super().get_prep_value(zlib.compress(text.encode(), LEVEL))

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(zlib.decompress(bytes(value)))

    def to_python(self, value):
        return value

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)
