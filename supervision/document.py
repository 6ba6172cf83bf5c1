"""A 督办单 as a Word document in the 通报's official layout (core/docx.py, GB/T 9704): 发文字号, title,
主送 the unit, the item, the facts, the requirement with the reply deadline, and, once answered, the unit's
answer; signed as the 通报 is (templates/documents/bulletin_sender.txt). The wording is in
templates/documents/notice_*.txt, which the coordinator adjusts without code."""

from core import wording
from core.docx import OfficialDocument, official_date
from core.wording import render
from supervision.models import Notice

SECTIONS = ["notice_item.txt", "notice_facts.txt", "notice_requirement.txt", "notice_answer.txt"]


def notice_context(notice: Notice) -> dict:
    return {
        "notice": notice,
        "number": notice.number,
        "department": notice.department.name,
        "reply_by": official_date(notice.reply_by),
        "issued": official_date(notice.issued_at.date()),
        "answered": notice.first_answered_at is not None,
    }


def notice_document(notice: Notice) -> OfficialDocument:
    context = notice_context(notice)
    document = OfficialDocument()
    document.document_number(notice.number)
    document.title(render("notice_title.txt", context))
    document.addressee(f"{notice.department.name}：")
    for name in SECTIONS:
        document.section(wording.lines(render(name, context)))
    document.signature(render("bulletin_sender.txt", context).strip(), notice.issued_at.date())
    return document


def notice_filename(notice: Notice) -> str:
    return f"督办单{notice.number}.docx"
