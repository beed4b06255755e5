package uk.csx.billing.events;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import uk.csx.platform.events.CloudEvent;
import uk.csx.platform.events.EventHandler;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps the agreement terms billing charges by, from contracts-service's agreement events. A
 * newer terms version replaces an older one (events of one agreement arrive in order; an older
 * redelivery changes nothing). A version that changes the price is kept with the date its price
 * applies from; one that keeps it (a new end, a termination, whose date says when that applies)
 * adds no price, so a price scheduled by an earlier version is never brought forward by it. The
 * commissioner that signs holds the agreement from its start; a novation hands it to the
 * successor from its effective date (billing_agreement_party), and earlier months stay billed to
 * the commissioner that held them.
 */
@ApplicationScoped
public class ContractsEventsHandler implements EventHandler {
    static final String AGREEMENT_NOVATED = "contracts.AgreementNovated.v1";

    private final EntityManager em;

    public ContractsEventsHandler(EntityManager em) {
        this.em = em;
    }

    @Override
    public String topic() {
        return "contracts.events.v1";
    }

    @Override
    public Set<String> types() {
        return Set.of("contracts.AgreementDrafted.v1", "contracts.AgreementSigned.v1", "contracts.AgreementVaried.v1",
                "contracts.AgreementTerminated.v1", "contracts.AgreementWithdrawn.v1", AGREEMENT_NOVATED);
    }

    @Override
    public void handle(CloudEvent event) {
        JsonNode d = event.data();
        UUID id = UUID.fromString(d.path("agreementId").asText());
        int version = d.path("termsVersion").asInt();
        em.createNativeQuery("""
                        INSERT INTO billing_agreement (agreement_id, terms_version, status, ccg_code, supplier_code, service_line_code, basis,
                            unit_price, published_unit_price, vat_rate, start_date, end_date, negotiated, po_number)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                        ON CONFLICT (agreement_id) DO UPDATE SET terms_version = EXCLUDED.terms_version, status = EXCLUDED.status,
                            unit_price = EXCLUDED.unit_price, end_date = EXCLUDED.end_date, negotiated = EXCLUDED.negotiated,
                            ccg_code = EXCLUDED.ccg_code,
                            po_number = EXCLUDED.po_number
                        WHERE billing_agreement.terms_version <= EXCLUDED.terms_version""")
                .setParameter(1, id).setParameter(2, version).setParameter(3, d.path("status").asText())
                .setParameter(4, d.path("ccgCode").asText()).setParameter(5, d.path("supplierCode").asText())
                .setParameter(6, d.path("serviceLineCode").asText()).setParameter(7, d.path("basis").asText())
                .setParameter(8, d.path("unitPrice").decimalValue()).setParameter(9, d.path("publishedUnitPrice").decimalValue())
                .setParameter(10, d.path("vatRate").decimalValue()).setParameter(11, LocalDate.parse(d.path("startDate").asText()))
                .setParameter(12, LocalDate.parse(d.path("endDate").asText())).setParameter(13, d.path("negotiated").asBoolean())
                .setParameter(14, d.path("poNumber").asText())
                .executeUpdate();
        LocalDate effectiveFrom = LocalDate.parse(d.path("effectiveFrom").asText());
        em.createNativeQuery("""
                        INSERT INTO billing_agreement_party (agreement_id, ccg_code, effective_from)
                        SELECT ?1, ?2, CAST('-infinity' AS date) WHERE NOT EXISTS (SELECT 1 FROM billing_agreement_party WHERE agreement_id = ?1)""")
                .setParameter(1, id).setParameter(2, AGREEMENT_NOVATED.equals(event.type()) ? d.path("predecessorCcgCode").asText()
                        : d.path("ccgCode").asText()).executeUpdate();
        if (AGREEMENT_NOVATED.equals(event.type())) {
            em.createNativeQuery("""
                            INSERT INTO billing_agreement_party (agreement_id, ccg_code, effective_from) VALUES (?1, ?2, ?3)
                            ON CONFLICT (agreement_id, effective_from) DO NOTHING""")
                    .setParameter(1, id).setParameter(2, d.path("ccgCode").asText()).setParameter(3, effectiveFrom).executeUpdate();
        }
        if (version > 0) {
            em.createNativeQuery("""
                            INSERT INTO billing_agreement_price (agreement_id, terms_version, effective_from, unit_price)
                            SELECT ?1, ?2, ?3, ?4
                            WHERE NOT EXISTS (SELECT 1 FROM billing_agreement_price p WHERE p.agreement_id = ?1 AND p.terms_version < ?2
                                              AND p.terms_version = (SELECT max(q.terms_version) FROM billing_agreement_price q
                                                                     WHERE q.agreement_id = ?1 AND q.terms_version < ?2)
                                              AND p.unit_price = ?4)
                            ON CONFLICT DO NOTHING""")
                    .setParameter(1, id).setParameter(2, version).setParameter(3, LocalDate.parse(d.path("effectiveFrom").asText()))
                    .setParameter(4, d.path("unitPrice").decimalValue()).executeUpdate();
        }
    }
}
