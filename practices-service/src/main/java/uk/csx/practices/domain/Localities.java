package uk.csx.practices.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.api.Versions;
import uk.csx.platform.events.EventPublisher;
import uk.csx.practices.events.PracticesEvents;
import uk.csx.practices.persistence.CommissionerRepository;
import uk.csx.practices.persistence.LocalityRepository;
import uk.csx.practices.persistence.PracticeNetworks;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Localities of a CCG: created by hand or from its primary care networks in one call. */
@ApplicationScoped
public class Localities {
    private final LocalityRepository localities;
    private final CommissionerRepository commissioners;
    private final Memberships memberships;
    private final EventPublisher events;
    private final EntityManager entityManager;

    public Localities(LocalityRepository localities, CommissionerRepository commissioners, Memberships memberships,
                      EventPublisher events, EntityManager entityManager) {
        this.localities = localities;
        this.commissioners = commissioners;
        this.memberships = memberships;
        this.events = events;
        this.entityManager = entityManager;
    }

    public Locality get(String ccgCode, long id) {
        requireCcg(ccgCode);
        return localities.inCcg(ccgCode, id).orElseThrow(() -> ProblemException.notFound("locality", id));
    }

    public List<Locality> ofCcg(String ccgCode) {
        requireCcg(ccgCode);
        return localities.ofCcg(ccgCode);
    }

    @Transactional
    public Locality create(String ccgCode, String name, String pcnCode) {
        requireCcg(ccgCode);
        if (localities.nameTaken(ccgCode, name)) {
            throw ProblemException.conflict("CCG " + ccgCode + " already has a locality named " + name);
        }
        Locality locality = new Locality(ccgCode, name, pcnCode);
        localities.persist(locality);
        localities.flush();
        events.publish(PracticesEvents.LOCALITY_CREATED, ccgCode,
                new PracticesEvents.LocalityCreated(locality.id(), ccgCode, name, pcnCode));
        return locality;
    }

    @Transactional
    public Locality rename(String ccgCode, long id, String name, String ifMatch) {
        Locality locality = get(ccgCode, id);
        Versions.requireMatch(ifMatch, locality.version());
        if (!locality.name().equalsIgnoreCase(name) && localities.nameTaken(ccgCode, name)) {
            throw ProblemException.conflict("CCG " + ccgCode + " already has a locality named " + name);
        }
        locality.rename(name);
        localities.flush();
        events.publish(PracticesEvents.LOCALITY_RENAMED, ccgCode, new PracticesEvents.LocalityRenamed(id, ccgCode, name));
        return locality;
    }

    /** One locality per primary care network of the CCG's member practices on the date, each practice assigned to it. */
    @Transactional
    public List<Locality> fromNetworks(String ccgCode, LocalDate from) {
        requireCcg(ccgCode);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("SELECT m.practice_code, n.pcn_code, n.pcn_name FROM membership m "
                        + "JOIN (" + PracticeNetworks.onDate("?2") + ") n ON n.practice_code = m.practice_code "
                        + "WHERE m.ccg_code = ?1 AND m.effective_from <= ?2 AND (m.effective_to IS NULL OR m.effective_to > ?2) "
                        + "ORDER BY m.practice_code")
                .setParameter(1, ccgCode).setParameter(2, from).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.unprocessable("no member practice of CCG " + ccgCode + " on " + from
                    + " has a primary care network: import the practice mapping or weighted-population file first");
        }
        Map<String, Locality> byNetwork = new LinkedHashMap<>();
        for (Object[] row : rows) {
            String pcnCode = (String) row[1];
            Locality locality = byNetwork.computeIfAbsent(pcnCode, code -> localities.byNetwork(ccgCode, code)
                    .orElseGet(() -> create(ccgCode, uniqueName(ccgCode, (String) row[2], code), code)));
            memberships.assignToLocality(ccgCode, locality.id(), (String) row[0], from);
        }
        return new ArrayList<>(byNetwork.values());
    }

    private String uniqueName(String ccgCode, String pcnName, String pcnCode) {
        String name = pcnName == null ? pcnCode : pcnName;
        return localities.nameTaken(ccgCode, name) ? name + " (" + pcnCode + ")" : name;
    }

    private void requireCcg(String ccgCode) {
        if (commissioners.findByIdOptional(ccgCode).isEmpty()) {
            throw ProblemException.notFound("CCG", ccgCode);
        }
    }
}
