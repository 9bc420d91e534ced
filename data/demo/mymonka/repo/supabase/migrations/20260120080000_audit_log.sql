-- Who changed which health record, and when.
create table public.audit_log (
  id bigserial primary key,
  actor uuid,
  action text not null,
  table_name text not null,
  row_id uuid,
  at timestamptz not null default now()
);

alter table public.audit_log enable row level security;
create policy "no direct reads" on public.audit_log for select using (false);

create or replace function public.write_audit_log() returns trigger
language plpgsql security definer as $$
begin
  insert into public.audit_log (actor, action, table_name, row_id)
  values (auth.uid(), tg_op, tg_table_name, coalesce(new.id, old.id));
  return coalesce(new, old);
end $$;

create trigger patients_audit after insert or update or delete on public.patients
  for each row execute function public.write_audit_log();
create trigger assessments_audit after insert or update or delete on public.assessments
  for each row execute function public.write_audit_log();
