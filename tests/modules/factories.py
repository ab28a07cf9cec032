import factory

from modules.models import Block, Lesson, Module


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    slug = factory.Sequence(lambda n: f"module-{n}")
    title_en = factory.Sequence(lambda n: f"Module {n}")
    title_da = factory.Sequence(lambda n: f"Modul {n}")
    summary_en = "What this module teaches."
    is_published = True


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    module = factory.SubFactory(ModuleFactory)
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    position = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Lesson {n}")
    title_da = factory.Sequence(lambda n: f"Lektion {n}")
    minutes = 8
    is_published = True


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    lesson = factory.SubFactory(LessonFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = Block.Kind.TEXT
    body_en = "Loyal customers are worth **more** than one sale."
    body_da = "Loyale kunder er **mere** værd end ét salg."
