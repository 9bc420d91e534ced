import { useState } from "react";
import { toast } from "sonner";
import { supabase } from "../lib/supabase";

export default function Login() {
  const [email, setEmail] = useState("");

  async function sendMagicLink() {
    try {
      const { error } = await supabase.auth.signInWithOtp({ email });
      if (error) throw error;
      toast.success("Lien de connexion envoyé.");
    } catch (error) {
      console.error("login failed", error);
      toast.error("Connexion impossible. Réessayez.");
    }
  }

  return (
    <form onSubmit={(e) => { e.preventDefault(); void sendMagicLink(); }}>
      <input value={email} onChange={(e) => setEmail(e.target.value)} type="email" />
      <button type="submit">Recevoir un lien</button>
    </form>
  );
}
