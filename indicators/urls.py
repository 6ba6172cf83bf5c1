from django.urls import path

from indicators.views import batch, dashboard, entry, plan, quality, review

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("reports/appendix.xlsx", dashboard.report_download, name="report_download"),
    path("reports/bulletin.docx", dashboard.bulletin_download, name="bulletin_download"),
    path("indicators/<id:number>/", plan.indicator_detail, name="indicator_detail"),
    path("indicators/<slug:code>/", plan.indicator_detail, name="indicator_detail_code"),
    # Before the entry form's paths: "batch" would otherwise be read as an indicator code.
    path("entry/<year:year>/batch/", batch.batch_entry, name="batch_entry"),
    path("entry/<year:year>/batch/<str:period>/", batch.batch_entry, name="batch_entry_period"),
    path("entry/<year:year>/<slug:code>/", entry.entry, name="entry"),
    path("entry/<year:year>/<slug:code>/preview/", entry.entry_preview, name="entry_preview"),
    path("entry/<year:year>/<slug:code>/<str:period>/", entry.entry, name="entry_period"),
    path(
        "entry/<year:year>/<slug:code>/<str:period>/preview/",
        entry.entry_preview,
        name="entry_period_preview",
    ),
    path("figures/<id:figure_id>/comments/", entry.comment_add, name="figure_comment"),
    path("review/", review.queue, name="review_queue"),
    path("quality/", quality.quality_page, name="quality"),
    path("review/approve/", review.bulk_approve, name="review_bulk_approve"),
    path("figures/<id:figure_id>/approve/", review.approve, name="figure_approve"),
    path("figures/<id:figure_id>/return/", review.return_, name="figure_return"),
    path("figures/<id:figure_id>/reopen/", review.reopen, name="figure_reopen"),
    path("targets/<id:target_id>/adjust/", review.target_adjust, name="target_adjust"),
    path("targets/<id:target_id>/assign/", review.target_assign, name="target_assign"),
    path("targets/<id:target_id>/judge/", review.target_judge, name="target_judge"),
    path("deadlines/", review.deadlines, name="deadlines"),
]
