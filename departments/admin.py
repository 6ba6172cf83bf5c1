from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Count
from import_export import fields, widgets

from core.resources import EscapingResource, PlanImportExportMixin
from departments.models import Department, User
from departments.services import reporter_account_create


class DepartmentResource(EscapingResource):
    code = fields.Field(attribute="code", column_name="代码")
    name = fields.Field(attribute="name", column_name="全称")
    short_name = fields.Field(attribute="short_name", column_name="简称")
    kind = fields.Field(attribute="kind", column_name="类别")
    parent = fields.Field(
        attribute="parent", column_name="所属集合单位", widget=widgets.ForeignKeyWidget(Department, "code")
    )
    sort_order = fields.Field(attribute="sort_order", column_name="排序", widget=widgets.IntegerWidget())

    class Meta:
        model = Department
        fields = ("code", "name", "short_name", "kind", "parent", "sort_order")
        import_id_fields = ("code",)


class MemberInline(admin.TabularInline):
    """The members of a collective (各镇街园区 → 高新区, 临港开发区, 华士镇, 霞科办); set on each member."""

    model = Department
    fk_name = "parent"
    fields = ["code", "name", "kind"]
    readonly_fields = ["code", "name", "kind"]
    ordering = ["sort_order"]
    show_change_link = True
    can_delete = False
    extra = 0
    verbose_name = "成员单位"
    verbose_name_plural = "成员单位（集合单位由成员分别报送任务推进情况，合计显示）"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Department)
class DepartmentAdmin(PlanImportExportMixin, admin.ModelAdmin):
    resource_classes = [DepartmentResource]
    inlines = [MemberInline]
    list_display = ["code", "name", "short_name", "kind", "parent", "user_count"]
    list_filter = ["kind", ("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["code", "name", "short_name"]
    ordering = ["sort_order"]
    actions = ["create_reporters"]

    @admin.action(description="为所选单位创建填报员账号（以单位代码为用户名）", permissions=["change"])
    def create_reporters(self, request, queryset):
        for department in queryset.order_by("sort_order"):
            user, password = reporter_account_create(department=department)
            if password is None:
                messages.info(request, f"{department.name}：账号 {user.username} 已存在，未作改动。")
            else:
                messages.success(
                    request,
                    f"{department.name}：已创建填报员账号 {user.username}，初始密码 {password}"
                    "（只显示这一次，请转交并提醒登录后修改）。",
                )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(user_count=Count("users"))

    @admin.display(description="用户数", ordering="user_count")
    def user_count(self, department):
        return department.user_count


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("所属单位", {"fields": ("department",)}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("所属单位", {"fields": ("department",)}))
    list_display = ["username", "full_name", "department", "roles", "is_active", "last_login"]
    list_filter = ["groups", "department__kind", "is_active"]
    list_select_related = ["department"]
    search_fields = ["username", "first_name", "last_name", "department__name"]
    autocomplete_fields = ["department"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="姓名")
    def full_name(self, user):
        return user.get_full_name()

    @admin.display(description="角色")
    def roles(self, user):
        return "、".join(group.name for group in user.groups.all())
