"""督办 pages: the list (and, for the coordinator, today's red items to issue a notice for), issuing one, a
notice's page (the unit answers there; the coordinator accepts or returns), its Word document, escalation."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.forms import add_service_errors, save_versioned
from core.history import field_shown, history_entries, history_records
from departments import roles
from supervision import selectors, services
from supervision.document import notice_document, notice_filename
from supervision.forms import AnswerForm, IssueForm, ReviewForm
from supervision.models import Notice

HISTORY_FIELDS = ("status", "reply_by", "rectification", "measures", "catch_up_year", "catch_up_period")
HISTORY_FIELDS += ("attachments", "review_note")


def _may_see(user) -> None:
    if not (roles.is_coordinator(user) or roles.is_leader(user) or roles.is_reporter(user)):
        raise PermissionDenied("只有协调员、领导和督办单位的填报员可以查看督办单。")


def _coordinator(user) -> None:
    if not roles.is_coordinator(user):
        raise PermissionDenied("只有协调员可以签发、办结或退回督办单。")


@require_safe
def index(request):
    """Notices the user may see, open ones first; for the coordinator also today's red items."""
    _may_see(request.user)
    today = timezone.localdate()
    notices = list(selectors.notices_visible(request.user).order_by("-year", "-seq"))
    notices.sort(key=lambda n: n.status == Notice.Status.ACCEPTED)
    context = {
        "notices": notices,
        "today": today,
        "overdue": [n for n in notices if n.overdue(today)],
        "is_coordinator": roles.is_coordinator(request.user),
        "answer_department": selectors.answer_department(request.user),
    }
    if context["is_coordinator"]:
        issued = selectors.open_notices_by_key()
        items = selectors.red_items(today=today)
        by_unit: dict = {}
        for item in items:
            by_unit.setdefault(item.department, []).append((item, issued.get(item.key)))
        context["red_total"] = len(items)
        context["candidates"] = sorted(by_unit.items(), key=lambda u: (u[0].sort_order, u[0].pk))
    return render(request, "supervision/index.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def issue(request):
    """GET ?item=KEY: the notice for a red item, its facts filled in from the light; POST: issue it."""
    _coordinator(request.user)
    today = timezone.localdate()
    key = (request.POST if request.method == "POST" else request.GET).get("item", "")
    item = selectors.item_get(key, today=today) if isinstance(key, str) and len(key) < 80 else None
    if item is None:
        raise Http404("该事项当前不是红灯事项（或不存在），不能签发督办单。")
    if request.method == "POST":
        form = IssueForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                notice = services.notice_issue(
                    user=request.user,
                    item=item,
                    facts=data["facts"],
                    requirement=data["requirement"],
                    reply_by=data["reply_by"],
                    today=today,
                )
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, f"督办单{notice.number}已签发给{notice.department.name}。")
                return redirect(notice)
        status = 400
    else:
        form = IssueForm(
            initial={
                "item": item.key,
                "facts": f"{item.title}：{item.light.reason}。",
                "requirement": "请对照目标任务分析原因，制定整改措施，明确赶上进度的时间，并按期答复。",
                "reply_by": today + timedelta(days=settings.SUPERVISION_REPLY_DAYS),
            }
        )
        status = 200
    return render(request, "supervision/issue.html", {"item": item, "form": form}, status=status)


def _notice(request, notice_id: int) -> Notice:
    _may_see(request.user)
    visible = selectors.notices_visible(request.user).select_related("issued_by", "indicator", "task")
    return get_object_or_404(visible, pk=notice_id)


def notice_history(notice: Notice):
    records = history_records(Notice.history.filter(id=notice.pk))
    columns = [field_shown(Notice, name) for name in HISTORY_FIELDS]
    columns.append(field_shown(Notice, "escalated_at", lambda v: f"{timezone.localtime(v):%Y-%m-%d %H:%M}"))
    return history_entries(records, columns, slot=lambda r: f"〔{r.year}〕{r.seq}号")


@require_http_methods(["GET", "HEAD", "POST"])
def detail(request, notice_id: int):
    """The notice, its answer and history; the unit's reporters answer here (POST: save a draft or 答复)."""
    notice = _notice(request, notice_id)
    may_answer = roles.is_reporter(request.user) and request.user.department_id == notice.department_id
    conflict, status = None, 200
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied("只有督办单位的填报员可以答复。")
        if notice.is_locked:
            raise PermissionDenied("该督办单已答复，不能修改；如需修改请联系协调员退回。")
        form = AnswerForm(request.POST)
        response, conflict, status = save_versioned(
            request,
            form,
            lambda **kw: services.notice_answer(user=request.user, notice_id=notice.pk, **kw),
            services.NoticeConflict,
            lambda submit: "已答复，等待协调员办结。" if submit else "已保存草稿。",
        )
        if response is not None:
            return response
        notice.refresh_from_db()
    else:
        form = AnswerForm(
            initial={
                "version": notice.version,
                "rectification": notice.rectification,
                "measures": notice.measures,
                "catch_up_year": notice.catch_up_year,
                "catch_up_period": notice.catch_up_period,
                "attachments": notice.attachments,
            }
        )
    context = {
        "notice": notice,
        "form": form if may_answer and not notice.is_locked else None,
        "review_form": ReviewForm(initial={"version": notice.version}),
        "can_review": roles.is_coordinator(request.user) and notice.status == Notice.Status.ANSWERED,
        "conflict": conflict,
        "overdue": notice.overdue(timezone.localdate()),
        "history": notice_history(notice),
    }
    return render(request, "supervision/detail.html", context, status=status)


@require_safe
def download(request, notice_id: int):
    notice = _notice(request, notice_id)
    return notice_document(notice).download(notice_filename(notice))


def _review(request, notice_id: int, action):
    _coordinator(request.user)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "提交的内容有误，请重试。")
        return redirect("supervision:detail", notice_id)
    try:
        notice = action(
            notice_id=notice_id, version=form.cleaned_data["version"], reason=form.cleaned_data["reason"]
        )
    except Notice.DoesNotExist:
        raise Http404("没有这份督办单") from None
    except services.NoticeConflict as e:
        messages.error(request, e.message)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    else:
        messages.success(request, f"督办单{notice.number}{notice.get_status_display()}。")
    return redirect("supervision:detail", notice_id)


@require_POST
def accept(request, notice_id: int):
    return _review(
        request,
        notice_id,
        lambda reason, **kw: services.notice_accept(user=request.user, **kw),
    )


@require_POST
def send_back(request, notice_id: int):
    return _review(request, notice_id, lambda **kw: services.notice_return(user=request.user, **kw))


@require_POST
def escalate(request):
    """Escalate every notice unanswered after its deadline now (the daily `escalate_notices` does the same)."""
    _coordinator(request.user)
    result = services.notices_escalate(today=timezone.localdate(), user=request.user)
    if result.notices:
        messages.success(request, f"{result}。")
    else:
        messages.info(request, "没有逾期未答复且尚未上报的督办单。")
    return redirect("supervision:index")
