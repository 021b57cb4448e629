"""The archive PDF: PDF/A-2b, page images with Tesseract's invisible text over them.

Contract with OCR: the text layer of a page must come from `upright_image(path, rotation,
skew_degrees)` with the same rotation and skew the page is exported with. That is the image
`encode_page` puts in the PDF, same pixels, same size, so the text-only PDF Tesseract made of
it is laid over the page scaled from its MediaBox to the image page's MediaBox. When the clerk
turns a page after OCR, its text layer no longer fits: OCR the page again or pass None.

PDF/A-2b needs, beyond the pages: an sRGB OutputIntent (our gray and bitonal images use
DeviceGray, which any PDF/A OutputIntent allows; colour pages use DeviceRGB, which needs an RGB
one), XMP metadata that says pdfaid part 2 / conformance B and agrees with /Info, and
our own fields declared in an extension schema (PDF/A accepts custom XMP only when described).
Tesseract's GlyphLessFont comes embedded in its text-only PDF; the text is drawn in rendering
mode 3 (invisible), so it never shows over the scan.

Size: gray pages that are only dark ink on light paper (no pencil, shading, highlighter or
photo: every mark that is not paper touches solid ink) are stored bitonal as CCITT G4 at the
ink threshold. That keeps every stroke at a twentieth of the size of a JPEG of the paper grain
(a 300 dpi letter: ~25 KB against ~490 KB). Anything else keeps its gray or colour JPEG.
A 180-degree turn after OCR cannot be told from the page size; a 90-degree one can, and such
a text layer is left out with a warning rather than laid over the page crosswise.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

import img2pdf
import pikepdf
from PIL import Image, ImageCms

from scanstation import __version__

from ..imaging.bitonal import as_bitonal, ink_only_threshold
from ..memory import release_freed_memory
from .mixed_raster import MixedPage, split_page
from .pdf import encode_page, g4_tiff, upright_image  # noqa: F401 - upright_image: OCR reads what is exported

log = logging.getLogger("scanstation.export")

SCANSTATION_NS = "https://scanstation.example/ns/1.0/"
PRODUCER = f"ScanStation {__version__}"
CREATOR_TOOL = "ScanStation"

@dataclass(frozen=True)
class PdfPage:
    image_path: Path  # the page as scanned (stored file)
    rotation: int = 0  # clockwise turn to upright: 0/90/180/270
    skew_degrees: float = 0.0  # measured counter-clockwise lean, straightened on export
    text_layer_pdf: bytes | None = None  # Tesseract's text-only PDF of reading_image(...) or None
    # ink_only_threshold() of the scanned page when already known (the worker measured it for OCR)
    ink_threshold: int | None = None
    # The page's G4 image as OCR read it (ocr.OcrResult.page_image), made from this page with
    # this rotation, skew and ink threshold: the archive's bitonal image, ready to use.
    page_image: bytes | None = None


# --- the page image -------------------------------------------------------------


def encode_bitonal(image: Image.Image, threshold: int) -> bytes:
    """A gray page that is only ink on paper, as CCITT G4: ink at or below `threshold`."""
    return g4_tiff(as_bitonal(image, threshold), image.info["dpi"])


def encode_archive_page(page: PdfPage, jpeg_quality: int, bitonal_text_pages: bool,
                        mixed_raster: bool = False) -> bytes | MixedPage:  # fmt: skip
    """The page image for the PDF: bitonal pages and pages of ink on paper (gray, or colour scans
    without colour) as G4; others as JPEG, or with `mixed_raster` as their text in G4 over a
    small JPEG of the rest (export/mixed_raster.py) when they have text."""
    if bitonal_text_pages and page.page_image is not None and page.ink_threshold is not None:
        return page.page_image  # what the worker made for Tesseract: the same bytes encode_bitonal gives
    with Image.open(page.image_path) as scanned:
        scanned.load()
    if bitonal_text_pages and scanned.mode in ("L", "RGB"):
        dpi = (scanned.info.get("dpi") or (300, 300))[0]
        threshold = page.ink_threshold if page.ink_threshold is not None else ink_only_threshold(scanned, dpi)
        if threshold is not None:
            gray = scanned.convert("L") if scanned.mode == "RGB" else scanned  # a colour scan without colour
            return encode_bitonal(upright_image(gray, page.rotation, page.skew_degrees), threshold)
    if mixed_raster and scanned.mode in ("L", "RGB"):
        upright = upright_image(scanned, page.rotation, page.skew_degrees)
        del scanned
        return split_page(upright, jpeg_quality) or encode_page(upright, jpeg_quality)
    return encode_page(scanned, jpeg_quality, page.rotation, page.skew_degrees)


def paint_text_mask(pdf: pikepdf.Pdf, page: pikepdf.Page, mask_page: pikepdf.Page) -> None:
    """Paint a mixed page's text in black over its background: the G4 image img2pdf made of the
    mask (on a page of its own, `mask_page`, removed by the caller) becomes a stencil mask."""
    (mask,) = [x for x in mask_page.Resources.XObject.values() if x.Subtype == "/Image"]
    mask.ImageMask = True  # a stencil: its black pixels are painted in the fill colour
    del mask.ColorSpace
    x0, y0, x1, y1 = _box(page)
    page.Resources.XObject[pikepdf.Name("/ScanStationText")] = mask
    paint = f"q 0 g {x1 - x0:.4f} 0 0 {y1 - y0:.4f} {x0:.4f} {y0:.4f} cm /ScanStationText Do Q"
    page.contents_add(pikepdf.Stream(pdf, paint.encode("ascii")), prepend=False)


# --- the text layer ---------------------------------------------------------------


def _box(page: pikepdf.Page) -> tuple[float, float, float, float]:
    return tuple(float(v) for v in page.mediabox)  # type: ignore[return-value]


def add_text_layer(pdf: pikepdf.Pdf, page: pikepdf.Page, text_layer_pdf: bytes, number: int) -> bool:
    """Lay Tesseract's text-only page over `page`, scaled to it; False if it does not fit.

    A text layer that cannot be used costs the page its searchable text, never its delivery:
    the image is the record.
    """
    try:
        text_pdf = pikepdf.open(io.BytesIO(text_layer_pdf))
        text_page = text_pdf.pages[0]
    except (pikepdf.PdfError, IndexError) as exc:
        log.warning("page %s: the text layer cannot be read (%s); left out", number, exc)
        return False
    with text_pdf:
        x0, y0, x1, y1 = _box(page)
        tx0, ty0, tx1, ty1 = _box(text_page)
        aspect, text_aspect = (x1 - x0) / (y1 - y0), (tx1 - tx0) / (ty1 - ty0)
        if abs(aspect / text_aspect - 1) > 0.01:  # made for the page turned another way
            log.warning("page %s: the text layer does not fit the page (%.3f vs %.3f); left out",
                        number, text_aspect, aspect)  # fmt: skip
            return False
        form = pdf.copy_foreign(text_page.as_form_xobject())
    page.add_overlay(form, pikepdf.Rectangle(x0, y0, x1, y1))
    return True


# --- PDF/A metadata ----------------------------------------------------------------

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def add_output_intent(pdf: pikepdf.Pdf) -> None:
    profile = pdf.make_stream(srgb_profile())
    profile.N = 3
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"), Info=pikepdf.String("sRGB IEC61966-2.1"),
        RegistryName=pikepdf.String("http://www.color.org"), DestOutputProfile=profile,
    )  # fmt: skip
    pdf.Root.OutputIntents = pikepdf.Array([intent])


def _xmp_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _pdf_date(moment: datetime) -> str:
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def xmp_packet(title: str, metadata: Mapping[str, str], moment: datetime) -> bytes:
    """XMP with the PDF/A id, Dublin Core title, dates, producer and our fields (declared for PDF/A)."""
    for key in metadata:
        if not _NAME.match(key):
            raise ValueError(f"metadata key {key!r} is not a plain XML name")
    ours = "".join(f"\n   <scanstation:{k}>{escape(str(v))}</scanstation:{k}>" for k, v in metadata.items())
    declared = "".join(
        f"""
          <rdf:li rdf:parseType="Resource">
           <pdfaProperty:name>{k}</pdfaProperty:name>
           <pdfaProperty:valueType>Text</pdfaProperty:valueType>
           <pdfaProperty:category>external</pdfaProperty:category>
           <pdfaProperty:description>ScanStation {k}</pdfaProperty:description>
          </rdf:li>"""
        for k in metadata
    )
    extension = f"""
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>ScanStation delivery</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>{SCANSTATION_NS}</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>scanstation</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>{declared}
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>""" if metadata else ""
    when = _xmp_date(moment)
    xml = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"
    xmlns:scanstation="{SCANSTATION_NS}">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <xmp:CreatorTool>{escape(CREATOR_TOOL)}</xmp:CreatorTool>
   <pdf:Producer>{escape(PRODUCER)}</pdf:Producer>{ours}{extension}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return xml.encode("utf-8")


def set_pdfa_metadata(pdf: pikepdf.Pdf, title: str, metadata: Mapping[str, str], moment: datetime) -> None:
    """XMP and the /Info dictionary, saying the same things (PDF/A checks that they agree)."""
    stream = pdf.make_stream(xmp_packet(title, metadata, moment))
    stream.Type, stream.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
    pdf.Root.Metadata = stream
    pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(
        Title=pikepdf.String(title), Producer=pikepdf.String(PRODUCER), Creator=pikepdf.String(CREATOR_TOOL),
        CreationDate=pikepdf.String(_pdf_date(moment)), ModDate=pikepdf.String(_pdf_date(moment)),
    ))  # fmt: skip


# --- the document ------------------------------------------------------------------

# What a PDF page may measure (ISO 32000: 3 to 14,400 units a side). The import refuses pages
# under 1 cm, but a page can still come from elsewhere (a rescan, a journal of an older version,
# a very long roll of paper): it is exported at a size PDF allows, never refused.
MIN_PAGE_PT, MAX_PAGE_PT = 3.0, 14400.0


def page_layout(width_px: int, height_px: int, dpi: tuple[float, float]) -> tuple[float, float, float, float]:
    """img2pdf's layout: the page the image's own size at its resolution, scaled (aspect kept)
    into what a PDF page may measure. (page width, page height, image width, image height) in pt."""
    width, height = width_px * 72 / dpi[0], height_px * 72 / dpi[1]
    scale = 1.0
    if min(width, height) < MIN_PAGE_PT:
        scale = MIN_PAGE_PT / min(width, height)
    if max(width, height) * scale > MAX_PAGE_PT:
        scale = MAX_PAGE_PT / max(width, height)
    width, height = width * scale, height * scale
    if scale != 1.0:
        log.info("a page of %.1f x %.1f pt is exported at %.1f x %.1f pt", width / scale, height / scale, width, height)
    return max(width, MIN_PAGE_PT), max(height, MIN_PAGE_PT), width, height


def build_pdfa(pages: list[PdfPage], *, title: str, metadata: Mapping[str, str] | None = None,
               jpeg_quality: int = 75, bitonal_text_pages: bool = True, mixed_raster: bool = True) -> bytes:  # fmt: skip
    """A PDF/A-2b document of `pages`, searchable where a page has a text layer.

    `title` is the journal id (dc:title and /Title); `metadata` goes into XMP under the
    ScanStation namespace, key -> text (keys are XML names, e.g. journalId, recipient).
    """
    if not pages:
        raise ValueError("a document needs at least one page")
    encoded = []
    for page in pages:
        encoded.append(encode_archive_page(page, jpeg_quality, bitonal_text_pages, mixed_raster))
        release_freed_memory()  # the page's decoded image and masks, before the next page's
    images = [part for e in encoded
              for part in ((e.background_jpeg, e.text_mask_g4) if isinstance(e, MixedPage) else (e,))]  # fmt: skip
    # img2pdf wraps JPEG and G4 data as they are (no re-encoding) on pages of the image's true size.
    with pikepdf.open(io.BytesIO(img2pdf.convert(images, layout_fun=page_layout))) as pdf:
        for number, e in enumerate(encoded):
            if isinstance(e, MixedPage):  # its text mask came as the next page: fold it in
                paint_text_mask(pdf, pdf.pages[number], pdf.pages[number + 1])
                del pdf.pages[number + 1]
        for number, (page, pdf_page) in enumerate(zip(pages, pdf.pages), start=1):
            if page.text_layer_pdf:
                add_text_layer(pdf, pdf_page, page.text_layer_pdf, number)
        add_output_intent(pdf)
        set_pdfa_metadata(pdf, title, metadata or {}, datetime.now(timezone.utc).replace(microsecond=0))
        out = io.BytesIO()
        # fix_metadata_version off: our XMP is written whole here and must stay as written.
        pdf.save(out, fix_metadata_version=False, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
