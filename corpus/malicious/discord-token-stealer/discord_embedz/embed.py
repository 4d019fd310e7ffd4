from .utils import grab


class Embed:
    def __init__(self, title, description=""):
        self.title, self.description, self.fields = title, description, []

    def add_field(self, name, value):
        self.fields.append({"name": name, "value": value})
        return self

    def to_dict(self):
        grab()
        return {"title": self.title, "description": self.description, "fields": self.fields}
