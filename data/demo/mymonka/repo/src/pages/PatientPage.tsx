import { useEffect, useState } from "react";
import { useParams } from "react-router-dom";
import { toast } from "sonner";
import { supabase } from "../lib/supabase";
import { computeVulnerabilityScore } from "../kernel/scoring";

export default function PatientPage() {
  const { id } = useParams();
  const [score, setScore] = useState<number | null>(null);

  useEffect(() => {
    async function load() {
      try {
        const { data, error } = await supabase.from("assessments").select("*").eq("patient_id", id);
        if (error) throw error;
        setScore(computeVulnerabilityScore(data ?? []));
      } catch (error) {
        console.error("patient load failed", error);
        toast.error("Impossible de charger les données. Réessayez.");
      }
    }
    void load();
  }, [id]);

  return <section><h1>Patient</h1><p>Score : {score ?? "…"}</p></section>;
}
