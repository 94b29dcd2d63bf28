from django import forms

from actionplans.models.evidence import KINDS


class AttachForm(forms.Form):
    """Only cleans what was typed; the checks of the file itself are the
    verb's (ProgressEntry.attach_file), shown by the field."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(
        max_length=200,
        label="Title",
        help_text="What the file is, as the link officer and the committee will read it: "
        "for example, ‘Minutes of the Hate Crime Group, 4 March 2020’.",
        error_messages={
            "required": "Enter a title for the file",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    file = forms.FileField(
        label="File",
        error_messages={"required": "Choose the file to attach", "empty": "The file is empty: choose another"},
    )
    accept = ",".join(sorted({f".{kind.extension}" for kind in KINDS.values()} | {".jpeg"}))

    def __init__(self, *args, max_megabytes: str, max_files: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"PDF, Word, Excel, PowerPoint, CSV, plain text, PNG or JPEG, up to {max_megabytes} each; "
            f"an update may carry up to {max_files} files. Files with macros or a password are not accepted."
        )
