package org.together.reports.snapshot;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FSFontUseCase;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The report as PDF, rendered from the same HTML by openhtmltopdf (PDFBox), charts included. */
public final class PdfReport {

    /** The family the report's CSS and charts ask for first. */
    static final String FAMILY = "Liberation Sans";
    /** Text between two tags: what the PDF draws (attributes are not in it). */
    private static final Pattern DRAWN_TEXT = Pattern.compile(">[^<]+<");
    private static final Pattern SVG_LABEL = Pattern.compile("<svg ([^>]*?)aria-label=\"([^\"]*)\"");
    private static final List<String> FONT_DIRS = List.of(
            "/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/liberation2");

    static {
        PdfRendererLog.install();
    }

    private PdfReport() {
    }

    public static byte[] render(Snapshot snapshot, Locale locale) {
        return fromHtml(HtmlReport.render(snapshot, locale));
    }

    static byte[] fromHtml(String html) {
        // The HTML file omits the SVG namespace (browsers infer it); the XML parser here needs it. A tagged PDF takes a
        // figure's alternative text from its alt attribute: the chart's aria-label, its one-sentence summary.
        String xhtml = SVG_LABEL.matcher(widenNarrowSpaces(html).replace("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" "))
                .replaceAll("<svg $1aria-label=\"$2\" alt=\"$2\"");
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            // A tagged PDF (PDF/UA): structure, /Lang from <html lang>, DisplayDocTitle with the <title>, figures' alt
            // text, running headers and footers as artifacts (WCAG 1.3.1, 3.1.1, 2.4.2, 1.1.1).
            builder.usePdfUaAccessibility(true);
            builder.useSVGDrawer(new BatikSVGDrawer(BatikSVGDrawer.SvgScriptMode.SECURE,
                    BatikSVGDrawer.SvgExternalResourceMode.SECURE));
            // The report is self-contained: nothing is ever fetched while rendering it.
            builder.useExternalResourceAccessControl((uri, type) -> false,
                    ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
            builder.useExternalResourceAccessControl((uri, type) -> false,
                    ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
            // Every text in the one font it asks for, embedded. A font registered with FALLBACK_FINAL goes to the
            // fallback group only (openhtmltopdf picks one group per font): registered so alone, the document's text
            // was set in the unembedded Helvetica of PDF's standard 14. So: once for the document and the charts,
            // once as the last resort for any other family.
            Fonts fonts = Fonts.get();
            for (EnumSet<FSFontUseCase> uses : List.of(EnumSet.of(FSFontUseCase.DOCUMENT, FSFontUseCase.SVG),
                    EnumSet.of(FSFontUseCase.FALLBACK_FINAL))) {
                builder.useFont(fonts.regular(), FAMILY, 400, FontStyle.NORMAL, true, uses);
                builder.useFont(fonts.bold(), FAMILY, 700, FontStyle.NORMAL, true, uses);
                builder.useFont(fonts.italic(), FAMILY, 400, FontStyle.ITALIC, true, uses);
            }
            builder.withProducer("TOGETHER progress snapshot");
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the snapshot PDF", e);
        }
        return out.toByteArray();
    }

    /**
     * Liberation Sans has no narrow no-break space (U+202F: French before ":", ";", "%" and between thousands): the text
     * drawn takes the no-break space it has, or the PDF would show a missing glyph. Alt texts and metadata, not drawn,
     * keep it.
     */
    static String widenNarrowSpaces(String html) {
        int body = Math.max(0, html.indexOf("<body"));
        return html.substring(0, body) + DRAWN_TEXT.matcher(html.substring(body))
                .replaceAll(m -> Matcher.quoteReplacement(m.group().replace('\u202f', '\u00a0')));
    }

    /**
     * Liberation Sans from the system when installed (regular, bold, italic); otherwise the regular
     * face PDFBox ships, for every style, so the PDF never depends on what the machine has.
     */
    private record Fonts(File regular, File bold, File italic) {
        private static Fonts instance;

        static synchronized Fonts get() {
            if (instance == null) {
                instance = locate();
            }
            return instance;
        }

        private static Fonts locate() {
            for (String dir : FONT_DIRS) {
                File regular = new File(dir, "LiberationSans-Regular.ttf");
                File bold = new File(dir, "LiberationSans-Bold.ttf");
                File italic = new File(dir, "LiberationSans-Italic.ttf");
                if (regular.canRead() && bold.canRead()) {
                    return new Fonts(regular, bold, italic.canRead() ? italic : regular);
                }
            }
            try (InputStream in = PdfReport.class.getResourceAsStream("/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf")) {
                if (in == null) {
                    throw new IllegalStateException("no Liberation Sans font: neither installed nor in PDFBox");
                }
                Path copy = Files.createTempFile("together-snapshot-font", ".ttf");
                copy.toFile().deleteOnExit();
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                return new Fonts(copy.toFile(), copy.toFile(), copy.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
