"""Where an object drawn inside form XObjects stands on the page.

pdfium gives a form's objects their matrix and bounds in the form's own space; a sheet printed two pages
up draws each page as a form, shrunk and perhaps turned. The forms' matrices, composed, place them.
"""

from __future__ import annotations

import pypdfium2 as pdfium

Bounds = tuple[float, float, float, float]  # left, bottom, right, top

DEPTH = 3  # forms within forms this deep are read: a page drawn as a form that draws a logo as one


def around(obj: pdfium.PdfObject) -> pdfium.PdfMatrix:
    """The matrix of the forms an object is drawn in, innermost first: their space → the page's."""
    matrix, form = pdfium.PdfMatrix(), obj.container
    while form is not None:
        matrix, form = matrix.multiply(form.get_matrix()), form.container
    return matrix


def matrix_on_page(obj: pdfium.PdfObject) -> pdfium.PdfMatrix:
    matrix = obj.get_matrix()
    return matrix if obj.container is None else matrix.multiply(around(obj))


def bounds_on_page(obj: pdfium.PdfObject) -> Bounds:
    """left, bottom, right, top in the page's space."""
    bounds = obj.get_bounds()
    return bounds if obj.container is None else around(obj).on_rect(*bounds)
