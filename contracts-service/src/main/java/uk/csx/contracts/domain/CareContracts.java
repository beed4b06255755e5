package uk.csx.contracts.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import uk.csx.contracts.events.ContractsEvents;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.events.EventPublisher;
import uk.csx.platform.money.Money;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Outcome-based care contracts: signed terms, outcome results per period submitted by the provider
 * and agreed or disputed by the commissioner (a correction is a new revision), and payment
 * determinations on agreed results, final once made: a correction is a new, linked determination
 * carrying the difference (issue 18, rule 6).
 */
@ApplicationScoped
public class CareContracts {
    private final EntityManager em;
    private final ObjectMapper json;
    private final EventPublisher events;

    /** The resource type of care contracts in the audit trail. */
    public static final String AUDITED = "care-contract";
    private final uk.csx.platform.audit.AuditTrail audit;

    public CareContracts(EntityManager em, ObjectMapper json, EventPublisher events, uk.csx.platform.audit.AuditTrail audit) {
        this.audit = audit;
        this.em = em;
        this.json = json;
        this.events = events;
    }

    public record Signed(CareContract contract, CareContractTerms terms) {
    }

    /** Where a period's results stand: submitted by the provider, then agreed or disputed by the commissioner. */
    public enum ResultStatus { SUBMITTED, AGREED, DISPUTED }

    /** One revision of a period's results. */
    public record Results(int period, int revision, ResultStatus status, Map<String, BigDecimal> actuals, String submittedBy,
                          String submittedFor, java.time.OffsetDateTime submittedAt, String answeredBy, java.time.OffsetDateTime answeredAt,
                          String disputeReason) {
    }

    /**
     * A period's payment as determined on an agreed results revision; {@code supersedes} is the results
     * revision of the determination it corrects (null for the first), {@code difference} its total
     * less the previous total (the whole total for the first).
     */
    public record Determined(int period, int resultsRevision, Integer supersedes, Money previousTotal, Money difference,
                             OutcomePayments.Determination determination) {
    }

    @Transactional
    public Signed sign(CareContractTerms terms) {
        terms.check();
        CareContract contract = new CareContract(UUID.randomUUID(), terms.ccgCode(), terms.model().name(), terms.pathway(), write(terms));
        em.persist(contract);
        for (OutcomePayments.Provider p : terms.providers()) {
            em.createNativeQuery("INSERT INTO care_contract_provider (contract_id, provider_code) VALUES (?1, ?2)")
                    .setParameter(1, contract.id()).setParameter(2, p.code()).executeUpdate();
        }
        events.publish(ContractsEvents.CARE_CONTRACT_SIGNED, contract.id().toString(), new ContractsEvents.CareContractSigned(contract.id(),
                terms.ccgCode(), terms.model().name(), terms.pathway(), terms.annualValue().toString(),
                terms.providers().stream().map(OutcomePayments.Provider::code).toList()));
        audit.record(AUDITED, contract.id(), "signed", Map.of(), Map.of("model", terms.model().name(), "annualValue", terms.annualValue().toString(),
                "providers", terms.providers().stream().map(OutcomePayments.Provider::code).toList().toString()));
        return new Signed(contract, terms);
    }

    public Signed get(UUID id) {
        CareContract contract = em.find(CareContract.class, id);
        if (contract == null) {
            throw ProblemException.notFound("care contract", id);
        }
        return new Signed(contract, read(contract.termsJson(), CareContractTerms.class));
    }

    /** What the period would pay for these results: the arithmetic, stored nowhere. */
    public OutcomePayments.Determination preview(UUID id, int period, Map<String, BigDecimal> actuals) {
        CareContractTerms terms = get(id).terms();
        terms.checkKnownMeasures(actuals);
        return determine(terms, period, actuals);
    }

    /**
     * The provider submits results for a period (SUBMITTED); a later submission is a new revision,
     * and only the latest revision can be answered. {@code submittedFor} is the provider code the
     * results are submitted for (null when an operator submits for an alliance as a whole).
     */
    @Transactional
    public Results submitResults(UUID id, int period, Map<String, BigDecimal> actuals, String by, String submittedFor) {
        CareContractTerms terms = get(id).terms();
        checkPeriod(terms, period);
        terms.checkKnownMeasures(actuals);
        determine(terms, period, actuals); // refuse results that cannot be paid (a missing measure)
        lock(id);
        Number last = (Number) em.createNativeQuery("SELECT coalesce(max(revision), 0) FROM outcome_result WHERE contract_id = ?1 AND period = ?2")
                .setParameter(1, id).setParameter(2, period).getSingleResult();
        int revision = last.intValue() + 1;
        em.createNativeQuery("""
                        INSERT INTO outcome_result (contract_id, period, revision, actuals, recorded_by, submitted_for, status)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'SUBMITTED')""")
                .setParameter(1, id).setParameter(2, period).setParameter(3, revision).setParameter(4, write(actuals))
                .setParameter(5, by).setParameter(6, submittedFor).executeUpdate();
        events.publish(ContractsEvents.OUTCOME_RESULTS_RECORDED, id.toString(), new ContractsEvents.OutcomeResultsRecorded(id, period, revision));
        Map<String, Object> after = new java.util.LinkedHashMap<>();
        after.put("period " + period + " revision " + revision + " results", write(actuals));
        after.put("period " + period + " revision " + revision + " status", ResultStatus.SUBMITTED.name());
        if (submittedFor != null) {
            after.put("period " + period + " revision " + revision + " submitted for", submittedFor);
        }
        audit.record(AUDITED, id, "results submitted for period " + period + " (revision " + revision + ")", Map.of(), after);
        return results(id, period, revision);
    }

    /** The commissioner agrees the latest revision of a period's results; once agreed it can be determined. */
    @Transactional
    public Results agree(UUID id, int period, int revision, String by) {
        return answer(id, period, revision, by, ResultStatus.AGREED, null);
    }

    /** The commissioner disputes the latest revision of a period's results, saying why; the provider may submit a new revision. */
    @Transactional
    public Results dispute(UUID id, int period, int revision, String by, String reason) {
        if (reason == null || reason.isBlank()) {
            throw InvalidField.outOfRange("reason", "a dispute says why");
        }
        return answer(id, period, revision, by, ResultStatus.DISPUTED, reason);
    }

    private Results answer(UUID id, int period, int revision, String by, ResultStatus answer, String reason) {
        checkPeriod(get(id).terms(), period);
        lock(id);
        Results current = results(id, period, revision);
        Number latest = (Number) em.createNativeQuery("SELECT max(revision) FROM outcome_result WHERE contract_id = ?1 AND period = ?2")
                .setParameter(1, id).setParameter(2, period).getSingleResult();
        if (current.status() != ResultStatus.SUBMITTED) {
            throw ProblemException.conflict("revision " + revision + " of period " + period + "'s results is already " + current.status());
        }
        if (latest.intValue() != revision) {
            throw ProblemException.conflict("revision " + revision + " of period " + period + "'s results is superseded by revision "
                    + latest.intValue() + "; only the latest revision can be answered");
        }
        em.createNativeQuery("""
                        UPDATE outcome_result SET status = ?4, answered_by = ?5, answered_at = now(), dispute_reason = ?6
                        WHERE contract_id = ?1 AND period = ?2 AND revision = ?3 AND status = 'SUBMITTED'""")
                .setParameter(1, id).setParameter(2, period).setParameter(3, revision).setParameter(4, answer.name())
                .setParameter(5, by).setParameter(6, reason).executeUpdate();
        String field = "period " + period + " revision " + revision + " status";
        Map<String, Object> after = new java.util.LinkedHashMap<>();
        after.put(field, answer.name());
        if (reason != null) {
            after.put("period " + period + " revision " + revision + " dispute reason", reason);
        }
        audit.record(AUDITED, id, "results for period " + period + " (revision " + revision + ") " + answer.name().toLowerCase()
                + (reason == null ? "" : ": " + reason), Map.of(field, ResultStatus.SUBMITTED.name()), after);
        return results(id, period, revision);
    }

    /** The period's results, oldest revision first. */
    public List<Results> results(UUID id, int period) {
        checkPeriod(get(id).terms(), period);
        return resultRows(id, period, null);
    }

    /** One revision of the period's results. */
    public Results results(UUID id, int period, int revision) {
        checkPeriod(get(id).terms(), period);
        List<Results> found = resultRows(id, period, revision);
        if (found.isEmpty()) {
            throw ProblemException.notFound("results revision of period " + period, revision);
        }
        return found.get(0);
    }

    private List<Results> resultRows(UUID id, int period, Integer revision) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT revision, status, actuals, recorded_by, submitted_for, recorded_at, answered_by, answered_at, dispute_reason
                        FROM outcome_result WHERE contract_id = ?1 AND period = ?2 AND (?3 = 0 OR revision = ?3) ORDER BY revision""")
                .setParameter(1, id).setParameter(2, period).setParameter(3, revision == null ? 0 : revision).getResultList();
        return rows.stream().map(r -> new Results(period, ((Number) r[0]).intValue(), ResultStatus.valueOf((String) r[1]),
                read((String) r[2], new TypeReference<Map<String, BigDecimal>>() {
                }), (String) r[3], (String) r[4], timestamp(r[5]), (String) r[6], timestamp(r[7]), (String) r[8])).toList();
    }

    /**
     * Determines the period's payment from its latest AGREED results. The first determination of a
     * period is final; a later agreed revision (a correction) is determined as a new determination
     * that supersedes the previous one and carries the difference, which may be negative.
     */
    @Transactional
    public Determined determine(UUID id, int period) {
        CareContractTerms terms = get(id).terms();
        checkPeriod(terms, period);
        lock(id);
        @SuppressWarnings("unchecked")
        List<Object[]> latest = em.createNativeQuery("""
                        SELECT revision, actuals FROM outcome_result WHERE contract_id = ?1 AND period = ?2 AND status = 'AGREED'
                        ORDER BY revision DESC LIMIT 1""")
                .setParameter(1, id).setParameter(2, period).getResultList();
        if (latest.isEmpty()) {
            throw ProblemException.unprocessable("no results of period " + period + " are agreed by the commissioner yet");
        }
        int revision = ((Number) latest.get(0)[0]).intValue();
        List<Determined> before = determinations(id, period);
        Determined previous = before.isEmpty() ? null : before.get(before.size() - 1);
        if (previous != null && previous.resultsRevision() >= revision) {
            throw ProblemException.conflict("period " + period + " is already determined on agreed results revision " + previous.resultsRevision()
                    + "; a correction is a new revision, submitted by the provider and agreed, and is determined in its turn");
        }
        OutcomePayments.Determination d = determine(terms, period, read((String) latest.get(0)[1], new TypeReference<Map<String, BigDecimal>>() {
        }));
        Money previousTotal = previous == null ? null : previous.determination().total();
        Money difference = previousTotal == null ? d.total() : d.total().minus(previousTotal);
        Integer supersedes = previous == null ? null : previous.resultsRevision();
        em.createNativeQuery("""
                        INSERT INTO outcome_determination (contract_id, period, results_revision, breakdown, total_pence,
                                                           supersedes_revision, previous_total_pence, difference_pence)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""")
                .setParameter(1, id).setParameter(2, period).setParameter(3, revision).setParameter(4, write(d))
                .setParameter(5, d.total().pence()).setParameter(6, supersedes)
                .setParameter(7, previousTotal == null ? null : previousTotal.pence()).setParameter(8, difference.pence()).executeUpdate();
        events.publish(ContractsEvents.OUTCOME_PAYMENT_DETERMINED, id.toString(), new ContractsEvents.OutcomePaymentDetermined(id, period, revision,
                d.corePayment().toString(), d.outcomePayment().toString(), d.total().toString(),
                d.parts().stream().map(p -> new ContractsEvents.ProviderPart(p.providerCode(), p.amount().toString())).toList(),
                supersedes, previousTotal == null ? null : previousTotal.toString(), difference.toString()));
        Map<String, Object> was = new java.util.LinkedHashMap<>();
        Map<String, Object> now = new java.util.LinkedHashMap<>();
        now.put("period " + period + " payment", d.total().toString());
        now.put("period " + period + " determined on revision", revision);
        if (previous != null) {
            was.put("period " + period + " payment", previousTotal.toString());
            was.put("period " + period + " determined on revision", supersedes);
            now.put("period " + period + " difference", difference.toString());
        }
        audit.record(AUDITED, id, "payment determined for period " + period + " on results revision " + revision
                + (previous == null ? "" : ", superseding revision " + supersedes + " (difference " + difference + ")"), was, now);
        return new Determined(period, revision, supersedes, previousTotal, difference, d);
    }

    public List<uk.csx.platform.audit.AuditTrail.Entry> history(UUID id) {
        return audit.history(AUDITED, id, 0, 200);
    }

    /** The period's determinations, oldest first: each after the first supersedes the one before it. */
    public List<Determined> determinations(UUID id, int period) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT results_revision, breakdown, supersedes_revision, previous_total_pence, difference_pence
                        FROM outcome_determination WHERE contract_id = ?1 AND period = ?2 ORDER BY results_revision""")
                .setParameter(1, id).setParameter(2, period).getResultList();
        return rows.stream().map(r -> new Determined(period, ((Number) r[0]).intValue(),
                r[2] == null ? null : ((Number) r[2]).intValue(), r[3] == null ? null : Money.ofPence(((Number) r[3]).longValue()),
                Money.ofPence(((Number) r[4]).longValue()), read((String) r[1], OutcomePayments.Determination.class))).toList();
    }

    /** One change at a time per contract: submissions, answers and determinations of a contract are serialised. */
    private void lock(UUID id) {
        em.createNativeQuery("SELECT id FROM care_contract WHERE id = ?1 FOR UPDATE").setParameter(1, id).getResultList();
    }

    private static java.time.OffsetDateTime timestamp(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.time.OffsetDateTime t) {
            return t;
        }
        if (value instanceof java.time.Instant t) {
            return t.atOffset(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.time.ZonedDateTime t) {
            return t.toOffsetDateTime();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    private OutcomePayments.Determination determine(CareContractTerms terms, int period, Map<String, BigDecimal> actuals) {
        checkPeriod(terms, period);
        try {
            return OutcomePayments.determine(terms.annualValue(), terms.periodsPerYear(), terms.outcomeShareIn(period), terms.measures(),
                    actuals, terms.payees());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
    }

    private static void checkPeriod(CareContractTerms terms, int period) {
        if (period < 1 || period > terms.periods()) {
            throw ProblemException.notFound("period of this contract", period);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
