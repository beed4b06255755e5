package uk.csx.contracts.events;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The events contracts-service publishes on {@code contracts.events.v1} (documented in its
 * asyncapi.yaml). Agreement events carry everything billing needs to charge for the agreement.
 */
public final class ContractsEvents {
    public static final String SERVICE_LINE_ADDED = "contracts.ServiceLineAdded.v1";
    public static final String SERVICE_LINE_RETIRED = "contracts.ServiceLineRetired.v1";
    public static final String SUPPLIER_REGISTERED = "contracts.SupplierRegistered.v1";
    public static final String OFFER_PUBLISHED = "contracts.OfferPublished.v1";
    public static final String OFFER_WITHDRAWN = "contracts.OfferWithdrawn.v1";
    public static final String AGREEMENT_DRAFTED = "contracts.AgreementDrafted.v1";
    public static final String AGREEMENT_SIGNED = "contracts.AgreementSigned.v1";
    public static final String AGREEMENT_VARIED = "contracts.AgreementVaried.v1";
    public static final String AGREEMENT_TERMINATED = "contracts.AgreementTerminated.v1";
    public static final String AGREEMENT_WITHDRAWN = "contracts.AgreementWithdrawn.v1";
    public static final String AGREEMENT_NOVATED = "contracts.AgreementNovated.v1";
    public static final String CARE_CONTRACT_SIGNED = "contracts.CareContractSigned.v1";
    public static final String OUTCOME_RESULTS_RECORDED = "contracts.OutcomeResultsRecorded.v1";
    public static final String OUTCOME_PAYMENT_DETERMINED = "contracts.OutcomePaymentDetermined.v1";

    private ContractsEvents() {
    }

    public record ServiceLineChanged(String code, String name, String group) {
    }

    public record SupplierRegistered(String code, String name, String kind) {
    }

    public record OfferPublished(long offerId, String supplierCode, String serviceLineCode, String basis, BigDecimal unitPrice,
                                 BigDecimal vatRate, LocalDate validFrom, LocalDate validTo) {
    }

    public record OfferWithdrawn(long offerId, String supplierCode, String serviceLineCode, java.time.OffsetDateTime withdrawnAt) {
    }

    /**
     * The agreement's terms as of this event; {@code termsVersion} counts signing, variations,
     * termination and novation. On AgreementNovated, {@code ccgCode} is the successor that holds the
     * agreement from {@code effectiveFrom} and {@code predecessorCcgCode} the commissioner that held
     * it before (null on every other event).
     */
    public record AgreementTerms(UUID agreementId, int termsVersion, LocalDate effectiveFrom, String status, String ccgCode,
                                 String supplierCode, String serviceLineCode, String basis, BigDecimal unitPrice, BigDecimal vatRate,
                                 LocalDate startDate, LocalDate endDate, boolean negotiated, BigDecimal publishedUnitPrice,
                                 String poNumber, String predecessorCcgCode) {
    }

    public record CareContractSigned(UUID contractId, String ccgCode, String model, String pathway, String annualValue,
                                     List<String> providers) {
    }

    public record OutcomeResultsRecorded(UUID contractId, int period, int revision) {
    }

    /**
     * A period's payment determined on agreed results {@code revision}. A correction supersedes the
     * determination made on {@code supersedesRevision} (absent for the first), whose total was
     * {@code previousTotal}; {@code difference} is total − previousTotal (the whole total for the first),
     * negative when the correction pays less.
     */
    public record OutcomePaymentDetermined(UUID contractId, int period, int revision, String corePayment, String outcomePayment,
                                           String total, List<ProviderPart> parts, Integer supersedesRevision, String previousTotal,
                                           String difference) {
    }

    public record ProviderPart(String providerCode, String amount) {
    }
}
