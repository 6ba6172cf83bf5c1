"""Department names as an appendix sheet writes them ("工信局", "市科技局", "gxj") resolved like the seed's, by
short name, name or code; with `create`, an unknown name becomes a new 委办局 with a generated ASCII code."""

from departments.models import Department
from plans.sheet_cells import department_code, squeeze

NEW_KIND = Department.Kind.BUREAU
NAME_LIMIT = Department._meta.get_field("short_name").max_length


class DepartmentNames:
    def __init__(self, *, create: bool):
        self.create = create
        self.stored = {d.code: d for d in Department.objects.all()}
        self.keys = {
            squeeze(text): d.code for d in self.stored.values() for text in (d.code, d.name, d.short_name)
        }
        self.new: dict[str, str] = {}  # code → name

    def resolve(self, names: list[str]) -> tuple[list[str], list[str]]:
        """The codes of one cell's departments in order, and a message for each name that is not one."""
        codes, problems = [], []
        for name in names:
            code = self.keys.get(name)
            if code is None and self.create and len(name) <= NAME_LIMIT:
                code = self.keys[name] = department_code(name, set(self.stored) | set(self.new))
                self.new[code] = name
            if code is None:
                hint = (
                    "（可勾选“新建未知的责任部门”，命令行用 --create-departments）"
                    if len(name) <= NAME_LIMIT
                    else "（名称过长）"
                )
                problems.append(f"责任部门“{name}”不是已有的责任单位{hint}")
            elif code in codes:
                problems.append(f"责任部门“{name}”重复")
            else:
                codes.append(code)
        return codes, problems

    def entries(self, used: set[str]) -> list[dict]:
        """The departments a plan names, as plans.writer wants them: stored ones exactly as stored (so loading
        changes none of them), with their parents; new ones last, named by the sheet (full and short name)."""
        entries, last = {}, max((d.sort_order for d in self.stored.values()), default=0)
        for code, name in self.new.items():  # in the order the sheet names them
            if code in used:
                last += 1
                entries[code] = {"code": code, "name": name, "short_name": name, "kind": NEW_KIND}
                entries[code] |= {"parent": "", "sort_order": last, "new": True}
        by_pk = {d.pk: d for d in self.stored.values()}
        pending = [code for code in used if code not in self.new]
        while pending:
            code = pending.pop()
            d = self.stored[code]
            parent = by_pk.get(d.parent_id)
            entries[code] = {
                "code": d.code,
                "name": d.name,
                "short_name": d.short_name,
                "kind": d.kind,
                "parent": parent.code if parent else "",
                "sort_order": d.sort_order,
                "new": False,
            }
            if parent and parent.code not in entries:
                pending.append(parent.code)
        return sorted(entries.values(), key=lambda d: d["sort_order"])
