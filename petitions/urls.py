"""URLs of the petition pages."""

from django.urls import path

from petitions.views import filing, moderation, public, review, signing, transparency

app_name = "petitions"

urlpatterns = [
    path("", public.home, name="home"),
    path("petitions/", public.petition_list, name="list"),
    path("petitions/new/", filing.petition_new, name="new"),
    path("petitions/mine/", filing.my_petitions, name="mine"),
    path("petitions/mine/<slug:uid>/", filing.petition_draft, name="draft"),
    path("petitions/mine/<slug:uid>/submit/", filing.petition_submit, name="submit"),
    path("p/<slug:uid>/", public.petition_detail, name="detail"),
    path("p/<slug:uid>/sign/", signing.petition_sign, name="sign"),
    path("p/<slug:uid>/sign/eds/", signing.petition_sign_eds, name="sign_eds"),
    path("p/<slug:uid>/count.json", public.petition_count, name="count"),
    path("p/<slug:uid>/log/head.json", transparency.tree_head, name="log_head"),
    path("p/<slug:uid>/log/heads.json", transparency.tree_heads, name="log_heads"),
    path("p/<slug:uid>/log/leaves.json", transparency.leaves, name="log_leaves"),
    path("p/<slug:uid>/log/leaves.jsonl", transparency.leaves_download, name="log_download"),
    path("p/<slug:uid>/log/inclusion.json", transparency.inclusion, name="log_inclusion"),
    path("p/<slug:uid>/log/consistency.json", transparency.consistency, name="log_consistency"),
    path("p/<slug:uid>/log/receipt.json", transparency.receipt, name="log_receipt"),
    path("transparency/key.json", transparency.public_key, name="log_key"),
    path("agencies/", public.agency_list, name="agencies"),
    path("agencies/<slug:code>/", public.agency_detail, name="agency"),
    path("moderation/", moderation.moderation_queue, name="moderation_queue"),
    path("moderation/<slug:uid>/", moderation.moderation_detail, name="moderation_detail"),
    path("moderation/<slug:uid>/publish/", moderation.moderation_publish, name="publish"),
    path("moderation/<slug:uid>/reject/", moderation.moderation_reject, name="reject"),
    path("moderation/<slug:uid>/invalidate/", moderation.moderation_invalidate, name="invalidate"),
    path("review/", review.dashboard, name="dashboard"),
    path("review/<slug:uid>/", review.review_detail, name="review_detail"),
    path("review/<slug:uid>/decide/", review.decide, name="decide"),
]
