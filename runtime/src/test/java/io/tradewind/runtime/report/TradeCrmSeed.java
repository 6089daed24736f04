package io.tradewind.runtime.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The trade CRM's demo data, read from {@code apps/trade-crm/seed/}, and what each of the app's
 * reports must answer over it, computed here in plain Java (formulas from their inputs, date
 * buckets from the day the records were created in the tenant's time zone). Rows are lists of
 * {@link String}, {@link BigDecimal} or null, in the report's column order and row order.
 */
final class TradeCrmSeed {
    static final List<String> FUNNEL_STAGES = List.of("lead", "qualified", "sample", "quotation", "negotiation",
            "won");
    private static final Set<String> OPEN_QUOTE = Set.of("draft", "pending_approval", "approved", "sent",
            "negotiating");

    record Customer(String ref, String company, String country, String grade) {
    }

    record Opportunity(String ref, String title, String customer, String stage, String currency,
            BigDecimal expectedAmount, LocalDate expectedCloseDate) {
    }

    /** A quote; {@code seq} is its place in the seed file, which numbers it. */
    record Quote(String ref, int seq, String customer, String currency, String status, LocalDate quoteDate,
            LocalDate validUntil, BigDecimal total) {
    }

    record Order(String customerPo, String customer, String currency, BigDecimal total) {
    }

    record FollowUp(String subject, String customer, String channel, LocalDate date, LocalDate nextDate) {
    }

    final List<Customer> customers = new ArrayList<>();
    final List<Opportunity> opportunities = new ArrayList<>();
    final List<Quote> quotes = new ArrayList<>();
    final List<Order> orders = new ArrayList<>();
    final List<FollowUp> followUps = new ArrayList<>();
    private final Map<String, Customer> customerByRef = new HashMap<>();
    /** Who owns the records about a customer (the customer, its deals, quotes and follow-ups). */
    private final Function<String, String> ownerOfCustomer;
    /** The day the seed was loaded, in the tenant's time zone: every record's createdAt. */
    private final LocalDate createdOn;

    TradeCrmSeed(Path seedDir, Function<String, String> ownerOfCustomer, LocalDate createdOn) {
        this.ownerOfCustomer = ownerOfCustomer;
        this.createdOn = createdOn;
        for (JsonNode c : read(seedDir, "02-customer.json")) {
            Customer customer = new Customer(c.get("$ref").asText(), c.get("company").asText(), c.get("country")
                    .asText(), text(c, "grade", "C"));
            customers.add(customer);
            customerByRef.put(customer.ref(), customer);
        }
        for (JsonNode o : read(seedDir, "04-opportunity.json")) {
            BigDecimal amount = o.hasNonNull("quantity") && o.hasNonNull("targetPrice")
                    ? new BigDecimal(o.get("quantity").asText()).multiply(new BigDecimal(o.get("targetPrice")
                            .asText())).setScale(2, RoundingMode.HALF_UP)
                    : null;
            opportunities.add(new Opportunity(o.get("$ref").asText(), o.get("title").asText(), ref(o, "customer"),
                    text(o, "stage", "lead"), text(o, "currency", "USD"), amount, date(o, "expectedCloseDate")));
        }
        int seq = 0;
        for (JsonNode q : read(seedDir, "05-quote.json")) {
            quotes.add(new Quote(q.get("$ref").asText(), ++seq, ref(q, "customer"), text(q, "currency", "USD"),
                    text(q, "status", "draft"), date(q, "quoteDate"), date(q, "validUntil"), total(q.get("lines"))));
        }
        for (JsonNode o : read(seedDir, "06-order.json")) {
            orders.add(
                    new Order(text(o, "customerPo", null), ref(o, "customer"), text(o, "currency", "USD"), total(o.get(
                            "lines"))));
        }
        for (JsonNode f : read(seedDir, "07-follow_up.json")) {
            followUps.add(new FollowUp(f.get("subject").asText(), ref(f, "customer"), f.get("channel").asText(),
                    date(f, "date"), date(f, "nextDate")));
        }
    }

    String ownerOf(String customerRef) {
        return ownerOfCustomer.apply(customerRef);
    }

    Customer customer(String ref) {
        return customerByRef.get(ref);
    }

    /**
     * Whether a record created at seed time passes {@code createdAt gte from} (a date: the start of
     * that day in the tenant's time zone).
     */
    private boolean createdSince(LocalDate from) {
        return from == null || !createdOn.isBefore(from);
    }

    /** Who may read records of a customer: null stands for a caller who reads every record. */
    private boolean visible(String customerRef, String viewer) {
        return viewer == null || viewer.equals(ownerOf(customerRef));
    }

    // sales-funnel: stage; count, sum of expectedAmount of the USD deals (the default currency), distinct customers;
    // in stage order

    List<Opportunity> funnelRecords(LocalDate from, String owner, String viewer, String stage) {
        return opportunities.stream().filter(o -> createdSince(from) && (owner == null || owner.equals(ownerOf(o
                .customer()))) && visible(o.customer(), viewer) && (stage == null || stage.equals(o.stage())))
                .toList();
    }

    List<List<Object>> funnel(LocalDate from, String owner, String viewer) {
        Map<String, List<Opportunity>> byStage = new TreeMap<>(funnelRecords(from, owner, viewer, null).stream()
                .collect(Collectors.groupingBy(Opportunity::stage)));
        List<List<Object>> rows = new ArrayList<>();
        byStage.forEach((stage, list) -> rows.add(row(stage, count(list), sum(list.stream().filter(o -> "USD".equals(o
                .currency())).toList(), Opportunity::expectedAmount), distinct(list, Opportunity::customer))));
        return rows;
    }

    /**
     * The funnel's conversion over the stages: each stage's count, the count that reached it (it and
     * every later stage), and that share of the previous and of the first stage's.
     */
    static List<Map<String, Object>> conversion(List<List<Object>> funnelRows) {
        List<BigDecimal> values = new ArrayList<>();
        for (String stage : FUNNEL_STAGES) {
            values.add(funnelRows.stream().filter(r -> r.get(0).equals(stage)).map(r -> (BigDecimal) r.get(1))
                    .findFirst().orElse(BigDecimal.ZERO));
        }
        BigDecimal[] reached = new BigDecimal[values.size()];
        BigDecimal later = BigDecimal.ZERO;
        for (int i = values.size() - 1; i >= 0; i--) {
            later = later.add(values.get(i));
            reached[i] = later;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stage", FUNNEL_STAGES.get(i));
            m.put("value", values.get(i));
            m.put("reached", reached[i]);
            m.put("ofPrevious", i == 0 ? BigDecimal.ONE : share(reached[i], reached[i - 1]));
            m.put("ofFirst", i == 0 ? BigDecimal.ONE : share(reached[i], reached[0]));
            out.add(m);
        }
        return out;
    }

    private static BigDecimal share(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? null : part.divide(whole, 4, RoundingMode.HALF_UP);
    }

    // sales-leaderboard: owner; won amount, won count; by amount then count, top 10

    List<List<Object>> leaderboard(LocalDate from, String currency, String viewer) {
        Map<String, List<Opportunity>> byOwner = opportunities.stream()
                .filter(o -> o.stage().equals("won")
                        && (from == null || (o.expectedCloseDate() != null && !o.expectedCloseDate().isBefore(from)))
                        && (currency == null || currency.equals(o.currency())) && visible(o.customer(), viewer))
                .collect(
                        Collectors.groupingBy(o -> ownerOf(o.customer())));
        List<List<Object>> rows = new ArrayList<>();
        byOwner.forEach((owner, list) -> rows.add(row(owner, sum(list, Opportunity::expectedAmount), count(list))));
        rows.sort(Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(1)).reversed().thenComparing(
                (List<Object> r) -> (BigDecimal) r.get(2), Comparator.reverseOrder()).thenComparing(
                        r -> (String) r
                                .get(0)));
        return rows.subList(0, Math.min(10, rows.size()));
    }

    // customers-by-country: country; customers, grade A customers; most customers first

    List<Customer> customerRecords(String grade, String viewer, String country) {
        return customers.stream().filter(c -> (grade == null || grade.equals(c.grade())) && visible(c.ref(),
                viewer) && (country == null || country.equals(c.country()))).toList();
    }

    List<List<Object>> customersByCountry(String grade, String viewer) {
        Map<String, List<Customer>> byCountry = customerRecords(grade, viewer, null).stream().collect(Collectors
                .groupingBy(Customer::country));
        List<List<Object>> rows = new ArrayList<>();
        byCountry.forEach((country, list) -> rows.add(row(country, count(list), BigDecimal.valueOf(list.stream()
                .filter(c -> "A".equals(c.grade())).count()))));
        rows.sort(
                Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(1)).reversed().thenComparing(r -> (String) r
                        .get(0)));
        return rows;
    }

    // new-customers-per-month: month of createdAt; customers

    List<List<Object>> newCustomersPerMonth(LocalDate from) {
        if (!createdSince(from) || customers.isEmpty()) {
            return List.of();
        }
        return List.of(row(createdOn.withDayOfMonth(1).toString(), BigDecimal.valueOf(customers.size())));
    }

    // average-order-value-by-month: month; average (4 decimals), orders, revenue

    private List<Order> orderRecords(LocalDate from, String currency) {
        return orders.stream().filter(o -> createdSince(from) && (currency == null || currency.equals(o
                .currency()))).toList();
    }

    List<List<Object>> averageOrderValueByMonth(LocalDate from, String currency) {
        List<Order> list = orderRecords(from, currency);
        if (list.isEmpty()) {
            return List.of();
        }
        return List.of(row(createdOn.withDayOfMonth(1).toString(), average(list), count(list), sum(list,
                Order::total)));
    }

    // average-order-value-by-country: the customer's country; average, orders, largest; by average

    List<List<Object>> averageOrderValueByCountry(LocalDate from, String currency) {
        Map<String, List<Order>> byCountry = orderRecords(from, currency).stream().collect(Collectors.groupingBy(
                o -> customer(o.customer()).country()));
        List<List<Object>> rows = new ArrayList<>();
        byCountry.forEach((country, list) -> rows.add(row(country, average(list), count(list), list.stream().map(
                Order::total).max(Comparator.naturalOrder()).orElseThrow())));
        rows.sort(
                Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(1)).reversed().thenComparing(r -> (String) r
                        .get(0)));
        return rows.subList(0, Math.min(20, rows.size()));
    }

    private static BigDecimal average(List<Order> list) {
        return sum(list, Order::total).divide(BigDecimal.valueOf(list.size()), 4, RoundingMode.HALF_UP);
    }

    // open-quotes: number, customer company, status, owner, currency, valid until; total; soonest first

    /**
     * @param year
     *            the year in the quote numbers ({@code Q-{yyyy}-{seq:5}})
     * @param companyVisible
     *            whether the caller may read the quote's customer (else the company reads as null)
     */
    List<List<Object>> openQuotes(String owner, String viewer, int year, Predicate<String> companyVisible) {
        return quotes.stream().filter(q -> OPEN_QUOTE.contains(q.status()) && (owner == null || owner.equals(
                ownerOf(q.customer()))) && visible(q.customer(), viewer)).sorted(Comparator.comparing(
                        Quote::validUntil).thenComparing(Quote::seq))
                .map(q -> row(String.format("Q-%d-%05d", year, q
                        .seq()), companyVisible.test(q.customer()) ? customer(q.customer()).company() : null,
                        q.status(), ownerOf(q.customer()), q.currency(), q.validUntil().toString(), q.total()))
                .toList();
    }

    // follow-up-activity: owner, channel; follow-ups, customers, with a next date, their share

    List<List<Object>> followUpActivity(LocalDate from, String owner, String viewer) {
        Map<List<String>, List<FollowUp>> groups = followUps.stream().filter(f -> (from == null || !f.date().isBefore(
                from)) && (owner == null || owner.equals(ownerOf(f.customer()))) && visible(f.customer(), viewer))
                .collect(Collectors.groupingBy(f -> List.of(ownerOf(f.customer()), f.channel())));
        List<List<Object>> rows = new ArrayList<>();
        groups.forEach((key, list) -> {
            BigDecimal n = count(list);
            BigDecimal next = BigDecimal.valueOf(list.stream().filter(f -> f.nextDate() != null).count());
            rows.add(row(key.get(0), key.get(1), n, distinct(list, FollowUp::customer), next, next.divide(n, 4,
                    RoundingMode.HALF_UP)));
        });
        rows.sort(
                Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(2)).reversed().thenComparing(r -> (String) r
                        .get(0)).thenComparing(r -> (String) r.get(1)));
        return rows;
    }

    // helpers

    static BigDecimal total(JsonNode lines) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode l : lines) {
            BigDecimal discount = l.hasNonNull("discount")
                    ? new BigDecimal(l.get("discount").asText())
                    : BigDecimal.ZERO;
            BigDecimal amount = new BigDecimal(l.get("qty").asText()).multiply(new BigDecimal(l.get("unitPrice")
                    .asText())).multiply(BigDecimal.ONE.subtract(discount.movePointLeft(2)));
            total = total.add(amount.setScale(2, RoundingMode.HALF_UP));
        }
        return total;
    }

    private static <T> BigDecimal sum(List<T> list, Function<T, BigDecimal> f) {
        return list.stream().map(f).filter(java.util.Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal count(List<?> list) {
        return BigDecimal.valueOf(list.size());
    }

    private static <T> BigDecimal distinct(List<T> list, Function<T, String> f) {
        Set<String> seen = new HashSet<>();
        list.stream().map(f).filter(java.util.Objects::nonNull).forEach(seen::add);
        return BigDecimal.valueOf(seen.size());
    }

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    private static String ref(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.get("$ref").asText();
    }

    /** A field's value, else the form's default for it. */
    private static String text(JsonNode n, String field, String formDefault) {
        return n.hasNonNull(field) ? n.get(field).asText() : formDefault;
    }

    private static LocalDate date(JsonNode n, String field) {
        return n.hasNonNull(field) ? LocalDate.parse(n.get(field).asText()) : null;
    }

    private static JsonNode read(Path dir, String file) {
        try {
            return new ObjectMapper().readTree(Files.readString(dir.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
