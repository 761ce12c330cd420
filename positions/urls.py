from django.urls import path

from .views import paper_tools, review

app_name = "positions"

urlpatterns = [
    path("review/", review.review_overview, name="review_overview"),
    path("review/settings/", review.review_settings, name="review_settings"),
    path("research/", paper_tools.paper_research, name="paper_research"),
    path("<int:paper_id>/review/", review.review_paper, name="review_paper"),
    path("<int:paper_id>/review/decision/", review.review_decision, name="review_decision"),
    path("<int:paper_id>/submit/", review.submit_paper, name="submit_paper"),
    path("<int:paper_id>/submission/", review.paper_submission, name="paper_submission"),
    path("<int:paper_id>/checks/", paper_tools.paper_checks, name="paper_checks"),
    path("<int:paper_id>/export.docx", paper_tools.paper_docx, name="paper_docx"),
    path("<int:paper_id>/print/", paper_tools.paper_print, name="paper_print"),
]
