package io.tradewind.runtime.report.schedule;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import io.tradewind.runtime.testing.SmtpServer;

/** Reads the messages the test SMTP server received, part by part. */
final class Mails {
    private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL);

    private Mails() {
    }

    /** One received message, taken apart. */
    record Received(String to, String subject, String html, String text, Map<String, byte[]> inline,
            Map<String, byte[]> attachments, List<String> autoSubmitted) {

        /** The body rows of the HTML tables, each as its cell texts (still HTML-escaped). */
        List<List<String>> rows() {
            List<List<String>> out = new ArrayList<>();
            Matcher m = ROW.matcher(html);
            while (m.find()) {
                Matcher c = CELL.matcher(m.group(1));
                List<String> cells = new ArrayList<>();
                while (c.find()) {
                    cells.add(c.group(1));
                }
                if (!cells.isEmpty()) {
                    out.add(cells);
                }
            }
            return out;
        }
    }

    /** Every message received so far to {@code address}. */
    static List<Received> to(String address) {
        List<Received> out = new ArrayList<>();
        for (MimeMessage m : SmtpServer.greenMail().getReceivedMessages()) {
            try {
                if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address))) {
                    out.add(read(address, m));
                }
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** Every message received so far. */
    static int count() {
        return SmtpServer.greenMail().getReceivedMessages().length;
    }

    static void purge() {
        try {
            SmtpServer.greenMail().purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Received read(String to, MimeMessage m) throws MessagingException, IOException {
        // a copy per recipient: each parse starts from the raw bytes
        MimeMessage copy = new MimeMessage(null, new ByteArrayInputStream(raw(m)));
        StringBuilder html = new StringBuilder();
        StringBuilder text = new StringBuilder();
        Map<String, byte[]> inline = new LinkedHashMap<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        walk(copy, html, text, inline, files);
        String[] auto = copy.getHeader("Auto-Submitted");
        return new Received(to, copy.getSubject(), html.toString(), text.toString(), inline, files, auto == null
                ? List.of()
                : List.of(auto));
    }

    private static byte[] raw(MimeMessage m) throws MessagingException, IOException {
        var out = new java.io.ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    private static void walk(Part p, StringBuilder html, StringBuilder text, Map<String, byte[]> inline,
            Map<String, byte[]> files) throws MessagingException, IOException {
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart b = mp.getBodyPart(i);
                walk(b, html, text, inline, files);
            }
            return;
        }
        String[] cid = p.getHeader("Content-ID");
        if (cid != null && cid.length > 0) {
            inline.put(cid[0].replaceAll("[<>]", ""), p.getInputStream().readAllBytes());
        } else if (p.getFileName() != null) {
            files.put(p.getFileName(), p.getInputStream().readAllBytes());
        } else if (p.isMimeType("text/html")) {
            html.append(p.getContent());
        } else if (p.isMimeType("text/plain")) {
            text.append(p.getContent());
        }
    }
}
