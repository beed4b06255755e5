package uk.csx.contracts.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import uk.csx.contracts.events.ContractsEvents;
import uk.csx.contracts.persistence.OfferRepository;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.audit.AuditTrail;
import uk.csx.platform.events.EventPublisher;

/** Publishing prices: a new offer for the same line supersedes the supplier's previous one from its valid-from date. */
@ApplicationScoped
public class Offers {
    private final OfferRepository offers;
    private final Catalogue catalogue;
    private final EventPublisher events;
    private final java.time.Clock clock = java.time.Clock.systemUTC();

    /** The resource type of offers in the audit trail. */
    public static final String AUDITED = "offer";
    private final AuditTrail audit;

    public Offers(OfferRepository offers, Catalogue catalogue, EventPublisher events, AuditTrail audit) {
        this.audit = audit;
        this.offers = offers;
        this.catalogue = catalogue;
        this.events = events;
    }

    public Offer get(long id) {
        return offers.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("offer", id));
    }

    public java.time.LocalDate today() {
        return java.time.LocalDate.now(clock);
    }

    /**
     * Publishes an offer from today or later (issue 18, rule 2): a supplier never back-dates a price; a
     * correction is a new offer. Only an operator publishing for the supplier may back-date one, and
     * only with a reason, recorded on the offer (e.g. to record a price agreed before the exchange).
     * Its unit price is within {@link MoneyRules}.
     */
    @Transactional
    public Offer publish(Offer offer, String publishedBy, boolean byOperator, String backdatingReason) {
        MoneyRules.unitPrice("unitPrice", offer.unitPrice());
        java.time.LocalDate today = today();
        boolean backdated = offer.validFrom().isBefore(today);
        if (backdated && !byOperator) {
            throw InvalidField.refused("validFrom", "must not be before today, " + today
                    + ": an offer cannot be back-dated; a correction is a new offer from today");
        }
        if (backdated && (backdatingReason == null || backdatingReason.isBlank())) {
            throw InvalidField.refused("validFrom", "is before today, " + today + ": an operator back-dates an offer only with a backdatingReason");
        }
        offer.publishedBy(publishedBy, backdated ? backdatingReason.strip() : null);
        catalogue.supplier(offer.supplierCode());
        if (catalogue.line(offer.serviceLineCode()).retired()) {
            throw ProblemException.unprocessable("service line " + offer.serviceLineCode() + " is retired");
        }
        for (Offer earlier : offers.history(offer.supplierCode(), offer.serviceLineCode())) {
            if (earlier.withdrawn()) {
                continue;
            }
            if (!earlier.validFrom().isBefore(offer.validFrom())) {
                throw ProblemException.conflict("an offer for this line already starts on " + earlier.validFrom()
                        + "; a new offer must start after the supplier's latest one");
            }
            if (earlier.validOn(offer.validFrom())) {
                earlier.supersededFrom(offer.validFrom());
            }
        }
        offers.flush();
        offers.persist(offer);
        offers.flush();
        events.publish(ContractsEvents.OFFER_PUBLISHED, offer.supplierCode(), new ContractsEvents.OfferPublished(offer.id(),
                offer.supplierCode(), offer.serviceLineCode(), offer.basis().name(), offer.unitPrice(), offer.vatRate(),
                offer.validFrom(), offer.validTo()));
        java.util.Map<String, Object> published = new java.util.LinkedHashMap<>();
        published.put("basis", offer.basis().name());
        published.put("unitPrice", offer.unitPrice().toPlainString());
        published.put("vatRate", offer.vatRate().toPlainString());
        published.put("validFrom", offer.validFrom().toString());
        published.put("validTo", offer.validTo() == null ? null : offer.validTo().toString());
        audit.record(AUDITED, offer.id(), backdated ? "published back-dated: " + backdatingReason.strip() : "published", java.util.Map.of(), published);
        return offer;
    }

    /** The supplier withdraws its offer; agreements already drafted or signed from it are unchanged. */
    @Transactional
    public Offer withdraw(long id) {
        Offer offer = get(id);
        offer.withdraw();
        offers.flush();
        events.publish(ContractsEvents.OFFER_WITHDRAWN, offer.supplierCode(), new ContractsEvents.OfferWithdrawn(offer.id(),
                offer.supplierCode(), offer.serviceLineCode(), offer.withdrawnAt()));
        audit.record(AUDITED, offer.id(), "withdrawn", java.util.Map.of("withdrawn", false), java.util.Map.of("withdrawn", true));
        return offer;
    }

    public java.util.List<AuditTrail.Entry> history(long id) {
        return audit.history(AUDITED, id, 0, 200);
    }
}
