from django.contrib import admin

from courses.models import Certificate, Cohort, Course, CourseModule, Enrolment
from modules.admin import BumpsContentVersionAdmin


class CourseModuleInline(admin.TabularInline[CourseModule, Course]):
    model = CourseModule
    extra = 0


@admin.register(Course)
class CourseAdmin(BumpsContentVersionAdmin):
    list_display = ["title", "slug", "is_published"]
    inlines = [CourseModuleInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin[Cohort]):
    list_display = ["name", "organisation", "course", "starts_on", "due_on"]
    list_filter = ["organisation", "course"]
    list_select_related = ["organisation", "course"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin[Enrolment]):
    list_display = ["learner", "cohort", "enrolled_at", "due_on", "withdrawn_at"]
    list_select_related = ["learner", "cohort"]
    raw_id_fields = ["learner", "cohort"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin[Certificate]):
    list_display = ["display_code", "learner_name", "issued_on"]
    search_fields = ["code", "learner_name"]
    readonly_fields = ["enrolment", "code", "learner_name", "issued_on"]
