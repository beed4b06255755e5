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

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Outcome-based care contracts: signed terms, outcome results per period (a correction is a new
 * revision), and payment determinations, which are immutable once made.
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

    public record Determined(int period, int resultsRevision, OutcomePayments.Determination determination) {
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

    /** Records results for a period; a later record supersedes the earlier. Returns its revision. */
    @Transactional
    public int recordResults(UUID id, int period, Map<String, BigDecimal> actuals, String by) {
        CareContractTerms terms = get(id).terms();
        checkPeriod(terms, period);
        terms.checkKnownMeasures(actuals);
        determine(terms, period, actuals); // refuse results that cannot be paid (a missing measure)
        Number last = (Number) em.createNativeQuery("SELECT coalesce(max(revision), 0) FROM outcome_result WHERE contract_id = ?1 AND period = ?2")
                .setParameter(1, id).setParameter(2, period).getSingleResult();
        int revision = last.intValue() + 1;
        em.createNativeQuery("INSERT INTO outcome_result (contract_id, period, revision, actuals, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, id).setParameter(2, period).setParameter(3, revision).setParameter(4, write(actuals))
                .setParameter(5, by).executeUpdate();
        events.publish(ContractsEvents.OUTCOME_RESULTS_RECORDED, id.toString(), new ContractsEvents.OutcomeResultsRecorded(id, period, revision));
        audit.record(AUDITED, id, "results recorded for period " + period + " (revision " + revision + ")", Map.of(),
                Map.of("period " + period + " results", write(actuals)));
        return revision;
    }

    /** Determines the period's payment from its latest results; once per results revision. */
    @Transactional
    public Determined determine(UUID id, int period) {
        CareContractTerms terms = get(id).terms();
        @SuppressWarnings("unchecked")
        List<Object[]> latest = em.createNativeQuery("""
                        SELECT revision, actuals FROM outcome_result WHERE contract_id = ?1 AND period = ?2 ORDER BY revision DESC LIMIT 1""")
                .setParameter(1, id).setParameter(2, period).getResultList();
        if (latest.isEmpty()) {
            throw ProblemException.unprocessable("no outcome results are recorded for period " + period);
        }
        int revision = ((Number) latest.get(0)[0]).intValue();
        Number done = (Number) em.createNativeQuery("SELECT count(*) FROM outcome_determination WHERE contract_id = ?1 AND period = ?2 AND results_revision = ?3")
                .setParameter(1, id).setParameter(2, period).setParameter(3, revision).getSingleResult();
        if (done.intValue() > 0) {
            throw ProblemException.conflict("period " + period + " is already determined on results revision " + revision
                    + "; record corrected results to determine again");
        }
        OutcomePayments.Determination d = determine(terms, period, read((String) latest.get(0)[1], new TypeReference<Map<String, BigDecimal>>() {
        }));
        em.createNativeQuery("INSERT INTO outcome_determination (contract_id, period, results_revision, breakdown, total_pence) VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, id).setParameter(2, period).setParameter(3, revision).setParameter(4, write(d))
                .setParameter(5, d.total().pence()).executeUpdate();
        events.publish(ContractsEvents.OUTCOME_PAYMENT_DETERMINED, id.toString(), new ContractsEvents.OutcomePaymentDetermined(id, period, revision,
                d.corePayment().toString(), d.outcomePayment().toString(), d.total().toString(),
                d.parts().stream().map(p -> new ContractsEvents.ProviderPart(p.providerCode(), p.amount().toString())).toList()));
        audit.record(AUDITED, id, "payment determined for period " + period + " on results revision " + revision, Map.of(),
                Map.of("period " + period + " payment", d.total().toString()));
        return new Determined(period, revision, d);
    }

    public List<uk.csx.platform.audit.AuditTrail.Entry> history(UUID id) {
        return audit.history(AUDITED, id, 0, 200);
    }

    public List<Determined> determinations(UUID id, int period) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT results_revision, breakdown FROM outcome_determination WHERE contract_id = ?1 AND period = ?2 ORDER BY results_revision""")
                .setParameter(1, id).setParameter(2, period).getResultList();
        return rows.stream().map(r -> new Determined(period, ((Number) r[0]).intValue(),
                read((String) r[1], OutcomePayments.Determination.class))).toList();
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
