create table public.assessments (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references public.patients (id) on delete cascade,
  domain text not null,
  value numeric not null check (value between 0 and 5),
  weight numeric not null default 1,
  recorded_at timestamptz not null default now()
);

alter table public.assessments enable row level security;

create policy "assessments follow their patient" on public.assessments
  for all using (
    exists (select 1 from public.patients p where p.id = patient_id and p.owner_id = auth.uid())
  );
