"""Forms filled in: a copy of a fillable PDF (`Document.forms`) with some fields given values
(`Document.filled_from`). Setting a field's value takes milliseconds where laying the form out again
with WeasyPrint takes a tenth of a second, and the copy is the same form, field for field."""
from __future__ import annotations

import io

Values = dict[str, "str | bool"]


def fill_form(form: bytes, values: Values, title: str) -> bytes:
    """`form` with each named field set: text fields to the string, check boxes on (True) or off.
    Text fields lose their appearance stream, so a reader draws the new value itself (the form asks
    it to: NeedAppearances). KeyError for a name the form has no field of."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(form))
    fields = {str(f.get("/T")): f for f in pdf.Root.AcroForm.Fields}
    for name, value in values.items():
        field = fields[name]
        if field.get("/FT") == pikepdf.Name.Btn:
            on = next((k for k in field.AP.N.keys() if k != "/Off"), "/Yes") if "/AP" in field else "/Yes"
            state = pikepdf.Name(on if value else "/Off")
            field.V = state
            field.AS = state
            # Readers that redraw every field (NeedAppearances) draw a box's tick from these: the
            # ZapfDingbats check mark ("4"), auto-sized, in black.
            field.DA = pikepdf.String("/ZaDb 0 Tf 0 g")
            field.MK = field.get("/MK", pikepdf.Dictionary())
            field.MK.CA = pikepdf.String("4")
        else:
            field.V = pikepdf.String(str(value))
            if "/AP" in field:
                del field["/AP"]
    form_dict = pdf.Root.AcroForm
    # The form's resources are the page's own in WeasyPrint's files: give the form a copy, so the
    # check mark's font (which readers draw the ticks with) is the form's, not drawn on the page.
    resources = pikepdf.Dictionary(dict(form_dict.get("/DR", pikepdf.Dictionary()).items()))
    resources.Font = pikepdf.Dictionary(dict(resources.get("/Font", pikepdf.Dictionary()).items()))
    form_dict.DR = resources
    fonts = resources.Font
    if "/ZaDb" not in fonts:  # the check mark's font, one of the fourteen every reader has
        fonts.ZaDb = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                          BaseFont=pikepdf.Name.ZapfDingbats))
    pdf.Root.AcroForm.NeedAppearances = True
    pdf.docinfo["/Title"] = title
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    pdf.close()
    return out.getvalue()
