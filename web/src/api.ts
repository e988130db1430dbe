// Types of the JSON API the front end reads (mirrors praksisplan.web.models) and a fetch helper.

export type ThreatClass = "red" | "yellow" | "green";

export interface IndicatorInfo {
  key: string;
  label: string;
  unit: string;
  on_map: boolean;
  breaks: number[] | null;
  higher_is_better: boolean | null;
  class_labels: string[] | null;
}

export interface Catalogue {
  indicators: IndicatorInfo[];
  class_colours: string[];
  threat_classes: { key: ThreatClass; label: string; colour: string }[];
  status_labels: Record<string, string>;
  org_form_labels: Record<string, string>;
}

export interface IndicatorValue {
  key: string;
  label: string;
  value: number | null;
  text: string;
  class_index: number | null;
}

export interface AreaStatus {
  area_id: string;
  model_class: ThreatClass;
  decided_class: ThreatClass | null;
  status: ThreatClass;
}

export interface AreaDetail {
  area_id: string;
  name: string;
  municipality_name: string;
  threat_class: ThreatClass;
  explanation: string;
  why: string;
  decision: { decided_class: ThreatClass; reason: string } | null;
  indicators: IndicatorValue[];
  practices: Practice[];
}

export interface Practice {
  provider_number: string;
  name: string;
  area_id: string;
  area_name: string;
  municipality_name: string;
  org_form: string;
  status: string;
  capacities: number;
  vacant_capacities: number;
  listed_patients: number;
  patients_per_filled_capacity: number | null;
  gps: number;
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}
