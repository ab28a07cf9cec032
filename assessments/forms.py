"""The answer form of an attempt in progress: one field per question, named by position.

Choice values are tokens (a choice's place in the shown order), so a choice id from
another question or quiz is simply not one of the field's choices and is refused. A
numeric answer that is not a number is a field error; its text is kept (the bound form
shows it again, and saving stores it as typed).
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from assessments.attempts import OpenQuestion, choice_id_to_token
from assessments.models import AttemptItem
from assessments.selectors import chosen_ids
from assessments.services import Answer
from modules.numbers import MAX_NUMBER_TEXT, NumberError, parse_number

MAX_REFLECTION = 5000


class NumberAnswerField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=MAX_NUMBER_TEXT, required=False, **kwargs)

    def clean(self, value: Any) -> str:
        text: str = super().clean(value)
        if text:
            try:
                parse_number(text, language=get_language() or "en")
            except NumberError as error:
                raise forms.ValidationError(str(error), code="number") from error
        return text


class AttemptForm(forms.Form):
    """Built from the attempt's questions; ``initial`` comes from the stored answers."""

    def __init__(
        self,
        questions: Sequence[OpenQuestion],
        items: Sequence[AttemptItem],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question, item in zip(self.questions, items, strict=True):
            name = question.field_name
            choices = [(choice.token, choice.text) for choice in question.choices]
            tokens = choice_id_to_token(item.shown)
            picked = sorted(tokens[pk] for pk in chosen_ids(item) if pk in tokens)
            if question.kind == "multiple":
                self.fields[name] = forms.MultipleChoiceField(
                    choices=choices, required=False, widget=forms.CheckboxSelectMultiple
                )
                self.initial[name] = picked
            elif question.kind in ("single", "true_false"):
                self.fields[name] = forms.ChoiceField(
                    choices=choices, required=False, widget=forms.RadioSelect
                )
                self.initial[name] = picked[0] if picked else None
            elif question.kind == "numeric":
                self.fields[name] = NumberAnswerField(
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
                )
                self.initial[name] = item.number_text
            else:
                self.fields[name] = forms.CharField(
                    max_length=MAX_REFLECTION, required=False, widget=forms.Textarea({"rows": 5})
                )
                self.fields[f"{name}-share"] = forms.BooleanField(
                    required=False, label=_("Share this reflection with the course trainers")
                )
                self.initial[name] = item.text_answer
                self.initial[f"{name}-share"] = item.is_shared

    def entries(self) -> list[tuple[OpenQuestion, forms.BoundField, forms.BoundField | None]]:
        """(question, its field, the share field of a reflection) in the order shown."""
        return [
            (
                question,
                self[question.field_name],
                self[f"{question.field_name}-share"] if question.kind == "reflection" else None,
            )
            for question in self.questions
        ]

    def answers(self) -> dict[int, Answer]:
        """The answers to store, by question position: every valid field, and a numeric
        answer as typed even when it is not a number (so nothing the learner typed is
        lost). Call after is_valid()."""
        language = get_language() or "en"
        found: dict[int, Answer] = {}
        for question in self.questions:
            name = question.field_name
            if question.kind == "numeric":
                text = str(self.data.get(self.add_prefix(name), ""))[:MAX_NUMBER_TEXT].strip()
                value: Decimal | None = None
                if name in self.cleaned_data and text:
                    value = parse_number(text, language=language)
                found[question.position] = Answer(number_text=text, number_value=value)
                continue
            if name not in self.cleaned_data:
                continue  # an invalid choice: keep what was stored
            value_in = self.cleaned_data[name]
            if question.kind == "multiple":
                found[question.position] = Answer(chosen_tokens=tuple(value_in))
            elif question.kind == "reflection":
                found[question.position] = Answer(
                    text=value_in, shared=bool(self.cleaned_data.get(f"{name}-share"))
                )
            else:
                found[question.position] = Answer(chosen_tokens=(value_in,) if value_in else ())
        return found
