"""Disclosure PDF generator: realistic 部门决算 PDFs in many layouts, each with the exact gold a perfect
extractor returns for it (see ../shared/spec/CONTRACT.md).

    figures.load_builtin / load_gold -> Figures      what is printed (facts keyed like the corpus gold)
    layout.Layout, random_layout, VARIANTS           how it is printed (independent knobs)
    render.render / render_with_gold                 the PDF and its gold rows
    scan.scan_pdf                                    image-only "scanned" pages
    python -m generator samples | variants           document sets with gold/ and gold/manifest.json

Modules import only what they need, so this package file stays empty of imports.
"""
