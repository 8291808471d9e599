-- A mutation is answered from its stored outcome by its id too (a device that numbered its
-- changes again after a refused number sends them under a new device id).
CREATE INDEX sync_mutations_mutation ON sync_mutations(mutation_id);
