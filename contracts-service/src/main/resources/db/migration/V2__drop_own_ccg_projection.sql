-- CCGs now come from the shared practices projection (pp_ccg).
DROP TABLE ccg_projection;
