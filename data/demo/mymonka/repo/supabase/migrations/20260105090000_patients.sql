-- Patients belong to the clinician who follows them.
create table public.patients (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references auth.users (id),
  display_name text not null,
  last_score numeric,
  created_at timestamptz not null default now()
);

alter table public.patients enable row level security;

create policy "clinicians read their patients" on public.patients
  for select using (auth.uid() = owner_id);
create policy "clinicians write their patients" on public.patients
  for all using (auth.uid() = owner_id) with check (auth.uid() = owner_id);
