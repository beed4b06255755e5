package uk.csx.practices.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.csx.platform.security.Caller;
import uk.csx.platform.api.Cursor;
import uk.csx.platform.api.Page;
import uk.csx.platform.api.ProblemException;
import uk.csx.practices.domain.ImportJob;
import uk.csx.practices.domain.imports.ImportJobs;
import uk.csx.practices.domain.imports.Importer;
import uk.csx.practices.domain.imports.ListSizeImport;
import uk.csx.practices.domain.imports.OdsPracticeImport;
import uk.csx.practices.domain.imports.PracticeMappingImport;
import uk.csx.practices.domain.imports.RowError;
import uk.csx.practices.domain.imports.WeightedPopulationImport;
import uk.csx.practices.persistence.ImportJobRepository;

import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Imports of NHS files as jobs: POST the CSV, get 202 and a job to follow. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Imports", description = "NHS reference files: ODS practices (epraccur.csv), GP list sizes, weighted populations")
public class ImportResource {
    private static final String CSV = "text/csv";

    private final ImportJobs jobs;
    private final ImportJobRepository repository;
    private final OdsPracticeImport odsPractices;
    private final ListSizeImport listSizes;
    private final WeightedPopulationImport weightedPopulations;
    private final PracticeMappingImport practiceMappings;
    private final ObjectMapper objectMapper;
    private final Caller caller;

    public ImportResource(ImportJobs jobs, ImportJobRepository repository, OdsPracticeImport odsPractices, ListSizeImport listSizes,
                          WeightedPopulationImport weightedPopulations, PracticeMappingImport practiceMappings, ObjectMapper objectMapper,
                          Caller caller) {
        this.practiceMappings = practiceMappings;
        this.caller = caller;
        this.jobs = jobs;
        this.repository = repository;
        this.odsPractices = odsPractices;
        this.listSizes = listSizes;
        this.weightedPopulations = weightedPopulations;
        this.objectMapper = objectMapper;
    }

    @Schema(name = "ImportJob", description = "Progress and outcome of an import")
    public record JobView(UUID id, ImportJob.Kind kind, ImportJob.Status status, int fileRows, int rowsRead, int created,
                          int updated, int unchanged, int rejected, int reconciliationWarnings, List<RowError> errors,
                          @Schema(description = "practices held before but absent from this file: reported, never taken as closed")
                          int missingFromFile, List<String> missingCodes, String failure,
                          OffsetDateTime startedAt, OffsetDateTime finishedAt) {
    }

    @Schema(name = "ReconciliationWarning")
    public record WarningView(long id, UUID importId, String practiceCode, LocalDate asOf, String fileCcgCode, String heldCcgCode) {
    }

    @POST
    @Path("/ods-imports")
    @Consumes({CSV, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Import the ODS practice file epraccur.csv (operator)",
            description = "Answers 202 with the job. confirm=true accepts a snapshot whose row count moves more than 15% from the previous import.")
    public Response importPractices(@QueryParam("confirm") boolean confirm, String body) {
        return start(odsPractices, body, confirm, "/api/ods-imports/");
    }

    @POST
    @Path("/ods-imports/weighted-populations")
    @Consumes({CSV, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Import NHS England's practice weighted populations and primary care networks (operator)")
    public Response importWeightedPopulations(@QueryParam("confirm") boolean confirm, String body) {
        return start(weightedPopulations, body, confirm, "/api/ods-imports/");
    }

    @POST
    @Path("/list-sizes/imports")
    @Consumes({CSV, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Import NHS Digital's GP list-size file (operator)")
    public Response importListSizes(@QueryParam("confirm") boolean confirm, String body) {
        return start(listSizes, body, confirm, "/api/list-sizes/imports/");
    }

    @POST
    @Path("/list-sizes/practice-mappings")
    @Consumes({CSV, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Import NHS England Digital's practice mapping file, gp-reg-pat-prac-map.csv (operator)",
            description = "Names the sub-ICB locations, ICBs and regions, sets their parents from the file's EXTRACT_DATE, ends the ICBs left "
                    + "without sub-ICB locations (succeeded by the one ICB they all moved to) and reconciles each practice's sub-ICB location "
                    + "with the membership held (warnings, acted on by group). Answers 202 with the job.")
    public Response importPracticeMappings(@QueryParam("confirm") boolean confirm, String body) {
        return start(practiceMappings, body, confirm, "/api/list-sizes/imports/");
    }

    @GET
    @Path("/ods-imports/{id}")
    @Operation(summary = "An import job: progress, counts, per-row errors")
    public JobView job(@PathParam("id") UUID id) {
        caller.requireOperator();
        return view(repository.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("import", id)));
    }

    @GET
    @Path("/list-sizes/imports/{id}")
    @Operation(summary = "A list-size import job")
    public JobView listSizeJob(@PathParam("id") UUID id) {
        return job(id);
    }

    @GET
    @Path("/list-sizes/reconciliation-warnings")
    @Operation(summary = "Practices whose commissioner in a file differs from the membership held on that date")
    public Page<WarningView> warnings(@QueryParam("ccg") String ccg, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        if (!caller.isOperator()) {
            // a CCG sees the warnings about itself
            caller.requireCcg(ccg, "reconciliation warnings of CCG", ccg);
        }
        int size = Cursor.limit(limit);
        String after = Cursor.decode(cursor);
        return Page.of(repository.warnings(PracticeResource.blank(ccg), after == null ? 0 : parseId(after), size), size,
                w -> new WarningView(w.id(), w.importId(), w.practiceCode(), w.asOf(), w.fileCcgCode(), w.heldCcgCode()),
                w -> String.valueOf(w.id()));
    }

    private Response start(Importer<?> importer, String body, boolean confirm, String location) {
        caller.requireOperator();
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("send the CSV file as the request body (Content-Type: text/csv)");
        }
        UUID id = jobs.start(importer, body, confirm);
        return Response.accepted(job(id)).location(URI.create(location + id)).build();
    }

    private JobView view(ImportJob j) {
        try {
            List<RowError> errors = objectMapper.readValue(j.errorsJson(), new TypeReference<>() {
            });
            List<String> missing = objectMapper.readValue(j.missingJson(), new TypeReference<>() {
            });
            return new JobView(j.id(), j.kind(), j.status(), j.fileRows(), j.rowsRead(), j.created(), j.updated(), j.unchanged(),
                    j.rejected(), j.warnings(), errors, missing.size(), missing.subList(0, Math.min(100, missing.size())),
                    j.failure(), j.startedAt(), j.finishedAt());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parseId(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("cursor is not one this API issued");
        }
    }
}
