import { Link } from "react-router-dom";
import { supabase } from "../lib/supabase";

export function NavigationBar() {
  return (
    <nav>
      <Link to="/">Tableau de bord</Link>
      <button onClick={() => supabase.auth.signOut()}>Se déconnecter</button>
    </nav>
  );
}
