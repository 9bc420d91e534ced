import { useEffect, useState } from "react";
import { toast } from "sonner";
import { supabase } from "../lib/supabase";

type Row = { id: string; display_name: string; last_score: number | null };

export default function Dashboard() {
  const [patients, setPatients] = useState<Row[]>([]);

  useEffect(() => {
    async function load() {
      try {
        const { data, error } = await supabase.from("patients").select("id, display_name, last_score");
        if (error) throw error;
        setPatients(data ?? []);
      } catch (error) {
        console.error("dashboard load failed", error);
        toast.error("Impossible de charger vos patients. Réessayez.");
      }
    }
    void load();
  }, []);

  return (
    <ul>
      {patients.map((p) => (
        <li key={p.id}>{p.display_name} — {p.last_score ?? "—"}</li>
      ))}
    </ul>
  );
}
