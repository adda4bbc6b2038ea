package org.together.reports.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The report's words and number and date formats in one language (English or French). */
final class ReportLanguage {

    static final List<String> SUPPORTED = List.of("en", "fr");
    /** Shown where a figure is undefined (nothing to divide by, no data). */
    static final String NONE = "–";

    private final Locale locale;
    private final Properties messages = new Properties();

    private ReportLanguage(Locale locale) {
        this.locale = locale;
        // beside this class: a stale copy elsewhere on the classpath cannot stand in for it
        String resource = "messages_" + locale.getLanguage() + ".properties";
        try (InputStream in = ReportLanguage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The language for a locale; anything but French is English. */
    static ReportLanguage of(Locale locale) {
        return new ReportLanguage("fr".equals(locale.getLanguage()) ? Locale.FRENCH : Locale.ENGLISH);
    }

    /**
     * Parses a {@code lang} parameter.
     *
     * @throws IllegalArgumentException naming the supported languages
     */
    static Locale parseLocale(String lang) {
        String code = lang == null ? "" : lang.trim().toLowerCase(Locale.ROOT);
        if (!SUPPORTED.contains(code)) {
            throw new IllegalArgumentException("lang must be one of " + SUPPORTED + ", was '" + lang + "'");
        }
        return Locale.forLanguageTag(code);
    }

    Locale locale() {
        return locale;
    }

    String code() {
        return locale.getLanguage();
    }

    /**
     * A message with {0}, {1}… replaced (plain replacement: apostrophes need no quoting), and each {@code {0?one:other}}
     * by the word form that agrees with argument 0 ({@link #plurals}).
     */
    /** A country's name in the report's language ("France"), from its ISO code; the code when unknown, "–" for none. */
    String country(String code) {
        if (code == null) {
            return NONE;
        }
        String name = new Locale("", code).getDisplayCountry(locale());
        return name.isEmpty() ? code : name;
    }

    String t(String key, Object... args) {
        String text = plurals(message(key), args);
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    private String message(String key) {
        String text = messages.getProperty(key);
        if (text == null) {
            throw new IllegalStateException("no message '" + key + "' in " + locale.getLanguage());
        }
        return text;
    }

    private static final Pattern PLURAL = Pattern.compile("\\{(\\d+)\\?([^:}]*):([^}]*)}");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    /**
     * {@code {2?new territory:new territories}} becomes the form that agrees with argument 2 as shown (a figure, or a
     * figure in HTML): the singular for one, and in French for zero too (CLDR's rule); the plural for anything else,
     * "< 5" and "–" included. A marker whose argument is not given stays as it is.
     */
    private String plurals(String text, Object[] args) {
        Matcher m = PLURAL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int index = Integer.parseInt(m.group(1));
            String form = index >= args.length ? m.group() : singular(String.valueOf(args[index])) ? m.group(2) : m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement(form));
        }
        m.appendTail(out);
        return out.toString();
    }

    private boolean singular(String shown) {
        String figure = TAG.matcher(shown).replaceAll("").replace("\u00a0", "").replace("\u202f", "").strip();
        return figure.equals("1") || figure.equals("0") && code().equals("fr");
    }

    /** A message as HTML: its own text escaped, the arguments inserted as they are (already HTML). */
    String html(String key, String... htmlArgs) {
        String text = plurals(Charts.escape(message(key)), htmlArgs);
        for (int i = 0; i < htmlArgs.length; i++) {
            text = text.replace("{" + i + "}", htmlArgs[i]);
        }
        // keep an opening bracket with the figure after it, or the PDF may break the line between them
        return text.replace("(<span class=\"n\">", "<span class=\"n\">(");
    }

    /** A message, or the fallback when the key is absent (reference data outside the built-in names). */
    String tOr(String key, String fallback) {
        return messages.getProperty(key, fallback);
    }

    /** A name from a language → name map (reference data), the built-in name, or the default. */
    String name(Map<String, String> names, String builtInKey, String fallback) {
        String name = names == null ? null : names.get(code());
        if (name != null && !name.isBlank()) {
            return name;
        }
        return tOr(builtInKey, fallback);
    }

    String integer(long value) {
        return clean(NumberFormat.getIntegerInstance(locale).format(value));
    }

    /** +12, −3, 0 */
    String signed(long value) {
        if (value == 0) {
            return "0";
        }
        return (value > 0 ? "+" : "\u2212") + integer(Math.abs(value));
    }

    String decimal(Double value, int digits) {
        if (value == null) {
            return NONE;
        }
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        return clean(f.format(value));
    }

    String signedDecimal(Double value, int digits) {
        if (value == null) {
            return NONE;
        }
        String abs = decimal(Math.abs(value), digits);
        if (abs.equals(decimal(0.0, digits))) {
            return abs;
        }
        return (value > 0 ? "+" : "\u2212") + abs;
    }

    /** 0.125 → 12.5% (en) or 12,5 % (fr). */
    String percent(Double fraction) {
        if (fraction == null) {
            return NONE;
        }
        NumberFormat f = NumberFormat.getPercentInstance(locale);
        f.setMaximumFractionDigits(1);
        return clean(f.format(fraction));
    }

    /** A change of a fraction, in percentage points: +3.2 pts. */
    String points(Double change) {
        if (change == null) {
            return NONE;
        }
        return signedDecimal(change * 100, 1) + "\u00a0" + t("unit.points");
    }

    /** A growth rate: +12.5%. */
    String signedPercent(Double fraction) {
        if (fraction == null) {
            return NONE;
        }
        String abs = percent(Math.abs(fraction));
        return fraction == 0 ? abs : (fraction > 0 ? "+" : "\u2212") + abs;
    }

    String date(LocalDate date) {
        // 10 April 2021 / 10 avril 2021: the day-first order both languages use in the network; in French the first
        // of the month is an ordinal, "1er septembre 2026"
        if (date.getDayOfMonth() == 1 && code().equals("fr")) {
            return DateTimeFormatter.ofPattern("'1er' MMMM uuuu", locale).format(date);
        }
        return DateTimeFormatter.ofPattern("d MMMM uuuu", locale).format(date);
    }

    /**
     * A moment in words like the report's dates, to the second in UTC (the moment a report counts up to is what makes
     * it again): "7 December 2026 at 17:11:42 UTC", "7 décembre 2026 à 17:11:42 UTC".
     */
    String moment(java.time.Instant at) {
        if (at == null) {
            return NONE;
        }
        java.time.LocalDateTime utc = java.time.LocalDateTime.ofInstant(at, java.time.ZoneOffset.UTC);
        return t("moment", date(utc.toLocalDate()), DateTimeFormatter.ofPattern("HH:mm:ss").format(utc));
    }

    /**
     * French takes a narrow no-break space as thousands separator (as Java and the dashboard's Intl write it) and before
     * "%" too, where Java writes a no-break space: one space in every French figure, as in the catalogue before ":" and
     * ";". The PDF, whose font has no narrow space, widens them ({@link PdfReport}).
     */
    private static String clean(String formatted) {
        return formatted.replace('\u00a0', '\u202f');
    }
}
