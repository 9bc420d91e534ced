import { createClient } from "@supabase/supabase-js";
import { env } from "../config/env";
import type { Database } from "../types/database.types";

// The anon key is public by design: row level security protects the data.
export const supabase = createClient<Database>(env.supabaseUrl, env.supabaseAnonKey);
